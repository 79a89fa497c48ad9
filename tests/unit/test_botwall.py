"""Bot walls: challenge and block pages are quarantined with a reason; an article that mentions them is not."""

from __future__ import annotations

import polars as pl
import pytest

from orchestration.lib.parsing.botwall import REASON_PREFIX, bot_wall_reason
from orchestration.lib.parsing.frame import parse_articles
from orchestration.lib.quality.expectations import BOT_WALL

ARTICLE = " ".join(
    ["The harbour authority reopened the northern quay on Tuesday after a week of repairs to its cranes."] * 12
)


@pytest.mark.parametrize(
    ("title", "body"),
    [
        (None, "Request unsuccessful. Incapsula incident ID: 000000000000000000-000000000000000000"),
        ("Just a moment...", "Checking your browser before accessing the site. This process is automatic."),
        (None, "You need to enable JavaScript to run this app."),
        ("Access Denied", "You don't have permission to access this page on this server. Reference #18.5e1"),
        ("Attention Required! | Cloudflare", "Please complete the security check to access the site."),
        (None, "Are you a robot? Please verify you are a human by pressing and holding the button."),
    ],
)
def test_challenge_and_block_pages_are_bot_walls(title: str | None, body: str):
    reason = bot_wall_reason(title, body)
    assert reason is not None and reason.startswith(REASON_PREFIX) and REASON_PREFIX == BOT_WALL


def test_an_article_beside_a_noscript_note_is_no_bot_wall():
    assert bot_wall_reason("Quay reopens", ARTICLE + " You need to enable JavaScript to see the map.") is None
    assert bot_wall_reason("Quay reopens", "The quay reopened on Tuesday.") is None  # short, but no marker


def test_a_bot_wall_record_is_parsed_to_an_empty_body_with_the_reason():
    frame = parse_articles(
        pl.DataFrame(
            {
                "text_sha256": ["a", "b"],
                "text": [
                    "<html><head><title>Just a moment...</title></head><body><p>Checking your browser before "
                    "accessing the site.</p></body></html>",
                    "Quay reopens\n\n" + ARTICLE,
                ],
                "kind": ["html", "text"],
            }
        )
    )
    wall, article = frame.to_dicts()
    assert wall["body"] == "" and wall["parse_error"].startswith("bot wall: ")
    assert article["parse_error"] is None and article["body"]
