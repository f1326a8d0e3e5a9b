"""``python -m bench.explain``: PostgreSQL's plans for the queries behind each page.

Runs every measured page once in-process against the scale database (which ``make
bench`` leaves in place), takes the queries it made, and prints ``EXPLAIN (ANALYZE,
BUFFERS)`` for each that touches the actions or their history, flagging any sequential
scan of ``actions_actionupdate``. Markdown, for bench/EXPLAIN.md.
"""

import os
import re
import sys

from .database import is_postgres, scale_database_url
from .run import service_env

INTERESTING = re.compile(r"actions_action(update)?\b|actions_evidence")


def main() -> None:
    url = scale_database_url()
    if not is_postgres(url):
        sys.exit("EXPLAIN ANALYZE needs the PostgreSQL scale database: set DATABASE_URL.")
    os.environ.update(service_env(url))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from .pages import find_pages

    page_list, fx = find_pages()
    print(f"Scale database: largest plan {fx.large.slug} ({fx.large.n} actions).\n")
    seq_scans = []
    for page in page_list:
        if page.skipped:
            continue
        client = Client()
        client.force_login(get_user_model().objects.get(username=page.username))
        client.get(page.path)
        caches["pages"].clear()  # the queries that compute the page, not a kept copy's
        with CaptureQueriesContext(connection) as captured:
            client.get(page.path)
        print(f"## {page.label}: `{page.path}`\n")
        for query in captured.captured_queries:
            sql = query["sql"]
            if not INTERESTING.search(sql) or not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            if re.search(r"Seq Scan on actions_actionupdate", plan):
                seq_scans.append(page.label)
            print("```sql\n" + sql[:1500] + ("…" if len(sql) > 1500 else "") + "\n```\n")
            print("```\n" + plan + "\n```\n")
    if seq_scans:
        print(f"**Sequential scans of actions_actionupdate:** {', '.join(seq_scans)}")
    else:
        print("No sequential scan of actions_actionupdate in any page's queries.")


if __name__ == "__main__":
    main()
