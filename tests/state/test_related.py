"""“Also reported in”, validated on the real corpus: what must link, and what must not."""

import pytest

from app.state.related import THRESHOLD

NATO_FEB_2022 = ("2022-02-25-iran-blames-nato-expansion", "vbhzwdvt")
NATO_FEB_2022_MINISTRY = ("2022-02-25-iran-blames-nato-expansion", "gopmzmom")
NATO_JUN_2022 = ("2022-06-22-iran-president-us-nato-provocation-root-cause", "tzfmhgra")
NATO_AUG_2023 = ("2023-08-08-amir-abdollahian-in-tokyo-nato-provocations", "vipuvezp")
DRONES_JUL_2022 = ("2022-07-14-iran-turns-on-putin-war-must-be-stopped", "gk5qczv6")
DRONES_FEB_2023 = ("2023-02-25-interaction-with-russia-not-against-others", "eqdbkoa2")
DRONES_AUG_2023 = ("2023-08-08-amir-abdollahian-in-tokyo-nato-provocations", "mlzm3ut7")


def linked(archive, a, b) -> bool:
    return b in {(r.passage.slug, r.passage.key) for r in archive.related.get(a, ())}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (DRONES_FEB_2023, DRONES_AUG_2023),
        (DRONES_FEB_2023, DRONES_JUL_2022),
        (DRONES_AUG_2023, DRONES_JUL_2022),
        (NATO_FEB_2022, NATO_JUN_2022),
        (NATO_JUN_2022, NATO_AUG_2023),
        (NATO_FEB_2022_MINISTRY, NATO_AUG_2023),
    ],
)
def test_passages_reporting_the_same_thing_point_to_each_other(real_app, a, b):
    archive = real_app.extensions["archive"]
    assert linked(archive, a, b) and linked(archive, b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # "war is not the solution" and "a long history of military cooperation": similar words, different things
        (("2022-07-14-iran-turns-on-putin-war-must-be-stopped", "jjgbradr"), ("2023-02-25-interaction-with-russia-not-against-others", "yxlytspg")),
        # arms exports and Japan's G7 presidency
        (("2023-02-25-interaction-with-russia-not-against-others", "a573uk7g"), ("2023-08-08-amir-abdollahian-in-tokyo-nato-provocations", "dydzky3d")),
        # a strategic partnership and NATO's provocations share only the word "consider"
        (("2022-02-25-iran-blames-nato-expansion", "ll44cwk5"), NATO_AUG_2023),
    ],
)
def test_passages_that_only_share_words_do_not_link(real_app, a, b):
    assert not linked(real_app.extensions["archive"], a, b)


def test_related_passages_come_from_other_articles_at_most_three(real_app):
    for (slug, _), items in real_app.extensions["archive"].related.items():
        assert len(items) <= 3 and all(item.passage.slug != slug and item.score >= THRESHOLD for item in items)


def test_the_passage_page_shows_also_reported_in(real_client):
    page = real_client.get("/articles/{}/p/{}".format(*DRONES_FEB_2023)).get_data(as_text=True)
    section = page[page.index("Also reported in"):]
    assert 'href="/articles/{}/p/{}"'.format(*DRONES_AUG_2023) in section
    assert 'href="/articles/{}/p/{}"'.format(*DRONES_JUL_2022) in section


def test_a_passage_with_nothing_related_shows_no_section(real_client):
    page = real_client.get("/articles/2022-07-14-iran-turns-on-putin-war-must-be-stopped/p/35lvdjcf").get_data(as_text=True)
    assert "Also reported in" not in page
