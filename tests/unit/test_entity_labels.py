"""An entity's one name and one type, voted over its articles: one new article never renames or retypes it, and
every name change says why."""

from __future__ import annotations

from orchestration.lib.entities.labels import Label, NameChange, Votes, choose_name, choose_type, relabel


def test_a_first_name_is_the_one_most_articles_use_then_the_longer():
    assert choose_name(None, {"Amara Okonkwo-Diallo": 2, "Amara Diallo": 5}) == ("Amara Diallo", None)
    assert choose_name(None, {"Lena Virtanen": 1, "Lena Virtanen-Koski": 1}) == ("Lena Virtanen-Koski", None)


def test_one_new_article_does_not_rename_an_entity():
    # The label's spelling in 1 article, a new spelling in 2: not 2 more, so it holds.
    assert choose_name("Ilyas Karimov", {"Ilyas Karimov": 1, "Ilyas Kerimov": 2}) == ("Ilyas Karimov", None)
    # 1.5 times as many is not enough without 2 more, nor 2 more without 1.5 times as many.
    assert choose_name("Ilyas Karimov", {"Ilyas Karimov": 2, "Ilyas Kerimov": 3})[1] is None
    assert choose_name("Ilyas Karimov", {"Ilyas Karimov": 6, "Ilyas Kerimov": 8})[1] is None


def test_a_name_that_wins_clearly_replaces_the_label_with_the_counts_as_reason():
    name, reason = choose_name("Ilyas Karimov", {"Ilyas Karimov": 2, "Ilyas Kerimov": 5})
    assert name == "Ilyas Kerimov"
    assert reason == (
        "'Ilyas Kerimov' in 5 articles, 'Ilyas Karimov' in 2 articles "
        "(a new name needs 1.5 times as many articles and 2 more)"
    )


def test_a_name_no_article_uses_any_more_gives_way():
    name, reason = choose_name("Port Selwyn Authority", {"Selwyn Port Authority": 1})
    assert name == "Selwyn Port Authority" and reason.startswith("no current article names it 'Port Selwyn Authority'")


def test_the_type_most_articles_give_wins():
    assert choose_type({"LOC": 3, "ORG": 1}) == "LOC"
    assert choose_type({"LOC": 3, "ORG": 4}) == "ORG"


def test_a_tie_goes_to_the_type_the_name_is_known_as_then_to_the_fixed_order():
    # Neither a demonym nor a place: a group before a place.
    assert choose_type({"LOC": 1, "NORP": 1}) == "NORP"
    # A known place stays a place when as many articles took it for a group.
    assert choose_type({"LOC": 1, "NORP": 1}, known=lambda t: t == "LOC") == "LOC"
    assert choose_type({"ORG": 2, "PERSON": 2}) == "PERSON"


def test_relabel_returns_only_new_and_changed_labels_and_the_name_changes():
    current = {
        "e1": Label("e1", "Ilyas Karimov", "PERSON"),
        "e2": Label("e2", "Tarnovia", "LOC"),
        "e3": Label("e3", "Ilyas Aliyev", "PERSON"),
    }
    votes = {
        "e1": Votes({"Ilyas Karimov": 1, "Ilyas Kerimov": 4}, {"PERSON": 5}),
        "e2": Votes({"Tarnovia": 3}, {"LOC": 2, "NORP": 1}),
        "e3": Votes({"Ilyas Aliyev": 2}, {"PERSON": 1, "ORG": 2}),
        "e4": Votes({"Western": 2}, {"LOC": 1, "NORP": 1}),
    }
    labels, changes = relabel(current, votes)
    assert labels == [
        Label("e1", "Ilyas Kerimov", "PERSON"),
        Label("e3", "Ilyas Aliyev", "ORG"),
        Label("e4", "Western", "NORP"),
    ]
    assert [(c.entity_id, c.old_name, c.new_name) for c in changes] == [("e1", "Ilyas Karimov", "Ilyas Kerimov")]
    assert isinstance(changes[0], NameChange) and "4 articles" in changes[0].reason


def test_relabel_asks_whether_the_name_is_known_as_each_tied_type():
    asked = []

    def known(entity_type: str, name: str) -> bool:
        asked.append((entity_type, name))
        return entity_type == "LOC"

    labels, _ = relabel({}, {"e1": Votes({"Kestrel Bay": 1}, {"LOC": 1, "ORG": 1})}, known)
    assert labels == [Label("e1", "Kestrel Bay", "LOC")]
    assert ("LOC", "Kestrel Bay") in asked
