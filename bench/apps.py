from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmark's ``manage.py generate_scale_data`` (its views are routed only in a
    benchmark run, BENCHMARK=1)."""

    name = "bench"
    verbose_name = "Benchmark"
