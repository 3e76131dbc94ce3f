# A campaign's figures are those a procuratorate reports: persons approved for arrest (not cases
# filed, a police figure), persons prosecuted, proceeds recovered and the results of the work.
# The fields are renamed, so the figures already reported are kept.

from django.db import migrations, models


def figures(model):
    return [
        migrations.RenameField(model, "cases_filed", "arrests_approved"),
        migrations.RenameField(model, "assets_recovered", "proceeds_recovered"),
        migrations.RenameField(model, "note", "work_results"),
        migrations.AlterField(
            model_name=model,
            name="arrests_approved",
            field=models.PositiveIntegerField(verbose_name="persons approved for arrest"),
        ),
        migrations.AlterField(
            model_name=model,
            name="proceeds_recovered",
            field=models.DecimalField(
                decimal_places=2, max_digits=14, verbose_name="proceeds recovered (10,000 yuan)"
            ),
        ),
        migrations.AlterField(
            model_name=model,
            name="work_results",
            field=models.TextField(blank=True, verbose_name="results of the work"),
        ),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0008_meeting_notice_signoff"),
    ]

    operations = [*figures("campaignreport"), *figures("campaignreportrevision")]
