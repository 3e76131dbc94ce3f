"""The web server's settings (gunicorn reads this file from the folder it starts in)."""

wsgi_app = "portal.wsgi"
bind = "0.0.0.0:8000"
workers = 3
timeout = 60


def post_worker_init(worker):
    """Each worker loads what its first requests would need before it takes any."""
    from portal.wsgi import warm_up

    warm_up()
