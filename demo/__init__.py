"""The demo: Medway Council's Children's Services Improvement Plan with six months of
history, its indicators and Board papers (``manage.py load_demo``; DEMO ONLY).

The content is data (``demo/data/*.json``, read by ``demo.content``); ``demo.plan``,
``demo.indicators`` and ``demo.board_papers`` load it through the apps' own models and
services. At the top of the layers: it may use every app, and no app uses it.
"""
