"""Case leads from the public: the one public form, its receipt, the liaison inbox."""
