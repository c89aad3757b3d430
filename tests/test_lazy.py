"""Lazy bulletin attributes: computed on first read, once, and only for the bulletins given one."""

from __future__ import annotations

import pytest

from warta.core.lazy import attach_lazy


class Article:  # a stand-in with the instance dict Pelican's content objects have
    pass


def test_a_lazy_attribute_is_computed_on_first_read_and_then_kept():
    calls = []
    one, other = Article(), Article()
    attach_lazy(one, "kit", lambda article: calls.append(article) or f"kit of {id(article)}")
    assert calls == []
    assert one.kit == f"kit of {id(one)}" and one.kit == f"kit of {id(one)}"
    assert calls == [one]
    assert "kit" in vars(one)  # later reads are plain attribute reads
    with pytest.raises(AttributeError):
        other.kit  # noqa: B018 - a bulletin without one has none
    assert getattr(other, "kit", None) is None
