"""Document indexes of a large collection: every document reachable, no page growing with N."""

import re

from tifa.model import Document, Metadata
from tifa.site.indexes import LIST_MAX, render_document_indexes


def collection(n):
    places = ["永州市", "长沙市", "某县", None]
    docs = []
    for i in range(n):
        meta = Metadata(title=f"第{i}号通知", date=f"2020-{1 + i % 3:02d}-{1 + i % 28:02d}" if i % 5 else None,
                        place=places[i % 4], issuer="县指挥部" if i % 2 else "市政府")
        docs.append(Document(id=f"d{i:05d}", path=None, original="x", text="x", origin=[0, 1], meta=meta))
    return docs


def listed(markdown):
    return re.findall(r'href="(?:\.\./)+documents/(d\d{5})/"', markdown)


def test_a_small_collection_is_listed_on_the_index_itself():
    pages = render_document_indexes(collection(12))
    assert list(pages) == ["documents/index.md"]
    assert len(set(re.findall(r'href="(d\d{5})/"', pages["documents/index.md"]))) == 12


def test_a_large_collection_is_split_into_listings_of_bounded_size():
    n = 3 * LIST_MAX + 50
    pages = render_document_indexes(collection(n))
    index = pages["documents/index.md"]
    assert not listed(index)  # the index lists facets, not documents
    for field in ("date", "place", "issuer"):
        listing = {k: v for k, v in pages.items() if k.startswith(f"browse/{field}/")}
        seen = [doc_id for v in listing.values() for doc_id in listed(v)]
        # Each document once per facet, no listing page over the limit.
        assert sorted(seen) == [f"d{i:05d}" for i in range(n)], field
        assert all(len(listed(v)) <= LIST_MAX for v in listing.values())
        # Every first listing page is linked from the index.
        for src in listing:
            if re.fullmatch(rf"browse/{field}/[^/]+\.md", src):
                assert f'href="../browse/{field}/{src[len(f"browse/{field}/"):-3]}/"' in index
    # An issuer with half the collection is paged, with links between its pages.
    first = next(k for k in pages if k.startswith("browse/issuer/xian-zhi-hui-bu-") and k.count("/") == 2)
    second = pages[first[:-3] + "/2.md"]
    assert 'aria-label="分页"' in pages[first] and 'href="2/"' in pages[first] and 'href="../"' in second
    # Index size depends on the number of facet values, not of documents.
    bigger = render_document_indexes(collection(4 * n))["documents/index.md"]
    assert abs(len(bigger) - len(index)) < 200
