"""What the tests of byte-for-byte identical PDFs need from the machine."""

import ctypes.util

import pytest

# WeasyPrint subsets each font it embeds with HarfBuzz (libharfbuzz-subset0 on Debian).
# Without it, it falls back to fontTools, whose subsets differ from one build to the next,
# so two builds of one paper have the same text but not the same bytes. .ci/run installs
# it; on a development machine without it these tests say so rather than fail.
needs_reproducible_subsetting = pytest.mark.skipif(
    ctypes.util.find_library("harfbuzz-subset") is None,
    reason="byte-identical PDFs need HarfBuzz's subsetter: apt-get install libharfbuzz-subset0",
)
