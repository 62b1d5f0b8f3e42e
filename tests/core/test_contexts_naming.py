"""Document file and folder names that every file system accepts (SPEC section 10)."""

from __future__ import annotations

import unicodedata

import pytest

from toolkit.core.contexts.naming import safe_component, unique_names

NAME_CASES = [
    pytest.param('E1_A<b>c:d"e/f\\g|h?i*j', "E1_A_b_c_d_e_f_g_h_i_j", id="windows_forbidden"),
    pytest.param("Tab\there\nnewline", "Tab here newline", id="whitespace_collapses"),
    pytest.param("  report.  ", "report", id="leading_and_trailing_dots_and_spaces_go"),
    pytest.param("CON", "_CON", id="a_windows_device_name_is_prefixed"),
    pytest.param("nul.txt", "_nul.txt", id="a_device_name_before_a_dot_too"),
    pytest.param("a#b%c", "a_b_c", id="hash_and_percent_would_break_a_hyperlink"),
    pytest.param("", "_", id="never_empty"),
    pytest.param("王小明", "王小明", id="chinese_stays_chinese"),
]


@pytest.mark.parametrize(("raw", "safe"), NAME_CASES)
def test_names_lose_what_some_file_system_refuses(raw: str, safe: str) -> None:
    """Forbidden characters become ``_``; the rest of the name stays readable."""
    assert safe_component(raw) == safe


def test_a_long_chinese_name_is_cut_by_bytes_without_splitting_a_character() -> None:
    """ext4 counts bytes, not characters: a cut name stays valid UTF-8 and within the
    limit."""
    cut = safe_component("报" * 100, max_bytes=50)
    assert len(cut.encode("utf-8")) <= 50
    assert cut == "报" * 16


def test_names_are_stored_in_composed_unicode() -> None:
    """A decomposed é (macOS input) becomes the composed form, so a name has one spelling."""
    assert safe_component(unicodedata.normalize("NFD", "José")) == "José"


def test_repeated_names_get_a_number_compared_without_case() -> None:
    """Two folders differing only in case are one folder on Windows and macOS."""
    assert unique_names(["Li Na", "li na", "Li Na", "Wu"]) == [
        "Li Na", "li na (2)", "Li Na (3)", "Wu"]
