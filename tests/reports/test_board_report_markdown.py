"""Report narrative: a small Markdown subset, and nothing typed ever becomes markup."""

from reports.markdown import numbered_lines, render_markdown


def test_paragraphs_are_split_on_blank_lines_and_lines_join():
    html = render_markdown("First line\nsame paragraph.\n\nSecond paragraph.")
    assert html == (
        '<p class="govuk-body">First line same paragraph.</p>'
        '<p class="govuk-body">Second paragraph.</p>'
    )


def test_bullets_numbers_and_nested_letters():
    text = (
        "- one\n- two\n\n(i) **Early Help** work\n(ii) Covid-19:\n  a. first\n  b. second\n"
        "(iii) last"
    )
    html = render_markdown(text)
    assert '<ul class="govuk-list govuk-list--bullet"><li>one</li><li>two</li></ul>' in html
    assert "<li><strong>Early Help</strong> work</li>" in html
    assert (
        '<li>Covid-19:<ol class="govuk-list govuk-list--number app-list--letters">'
        "<li>first</li><li>second</li></ol></li><li>last</li>"
    ) in html


def test_a_numbered_list_keeps_its_starting_number():
    assert 'start="3"' in render_markdown("3. third\n4. fourth")


def test_raw_html_is_escaped_never_rendered():
    html = render_markdown('<script>alert(1)</script> <img src="x" onerror="y"> **<b>bold</b>**')
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=&quot;x&quot; onerror=&quot;y&quot;&gt;" in html
    assert "<strong>&lt;b&gt;bold&lt;/b&gt;</strong>" in html


def test_only_web_and_mail_links_become_links():
    html = render_markdown(
        "[plan](https://example.org/a?b=1&c=2) [bad](javascript:alert(1)) "
        '[quote](https://x.org/"onmouseover="y)'
    )
    assert '<a class="govuk-link" href="https://example.org/a?b=1&amp;c=2">plan</a>' in html
    assert "javascript:" in html and 'href="javascript' not in html
    assert 'onmouseover="' not in html


def test_italic_and_bold():
    assert render_markdown("*a* and _b_ and **c**") == (
        '<p class="govuk-body"><em>a</em> and <em>b</em> and <strong>c</strong></p>'
    )


def test_recommendations_are_one_a_line_with_typed_numbers_dropped():
    items = numbered_lines("1) note the progress\n\n2. agree <the> plan\n- review it\n")
    assert items == ["note the progress", "agree &lt;the&gt; plan", "review it"]


def test_empty_text_is_nothing():
    assert render_markdown("") == "" and render_markdown(None) == ""
