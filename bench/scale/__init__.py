"""The benchmark's synthetic data, written by ``manage.py generate_scale_data``.

``words`` (the accounts, names and phrases it uses), ``rows`` (writing many rows at once:
PostgreSQL's COPY, else ``bulk_create``), ``people`` (accounts, councils, plans,
sections), ``history`` (actions, their updates and evidence), ``board`` (Board meetings,
reports and indicators) and ``marker`` (the row that says a dataset is complete).
"""
