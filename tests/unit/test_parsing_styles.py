"""Whole articles in every plain-text style the parser meets, alone and combined, checked field by field.

Each case is a realistic multi-paragraph article (written for these tests) and every field the parser returns:
what the file states, None for what it does not, and the body with every piece of page furniture gone.
"""

from __future__ import annotations

import codecs
from datetime import datetime

import pytest

from orchestration.lib.ingest import decode_bytes
from orchestration.lib.parsing import parse_article

NOW = datetime(2025, 1, 1)
FIELDS = ("title", "url", "source_domain", "source_name", "original_source_domain", "author", "published_at")

# The body paragraphs are shared by several cases so that each case shows only what its style adds.
FLOOD = (
    "Heavy rains that began on Tuesday have forced more than 12,000 people from their homes in Kano and Jigawa "
    "states, emergency officials said.\n\n"
    "The National Emergency Management Agency said at least 14 people had died and dozens of villages were cut "
    "off after the Hadejia river burst its banks.\n\n"
    "“We are moving families to higher ground as fast as we can,” said Ibrahim Musa, a local official in Dutse."
)
CEDI = (
    "ACCRA — Ghana’s currency fell to a record low against the dollar on Friday, extending losses that traders "
    "blamed on heavy demand from importers.\n\n"
    "The cedi traded at 13.1 to the dollar, down nearly 9% since January, according to central bank data.\n\n"
    "Finance ministry officials said they expected the currency to stabilise once a new IMF disbursement arrives."
)
FROG = (
    "A team of researchers has described a new species of tree frog found only in a small patch of forest on "
    "Mount Manengouba in western Cameroon.\n\n"
    "The frog, which measures less than three centimetres, was first spotted during a night survey in 2019.\n\n"
    "The researchers say the species should be listed as critically endangered because its habitat is shrinking."
)


def _expect(**fields: object) -> dict[str, object]:
    return {**dict.fromkeys(FIELDS), **fields}


CASES: dict[str, tuple[str, dict[str, object], str]] = {
    # -- aggregator copies ------------------------------------------------------------------------------------
    "aggregator footer with a named author and a repeated title": (
        "Floods force 12,000 from homes in northern Nigeria\n\n"
        "Floods force 12,000 from homes in northern Nigeria\n\n"
        f"{FLOOD}\n\n"
        "Source link : https://www.premiumtimesng.com/news/headlines/612345-floods-kano-jigawa.html\n\n"
        "Author : Amina Yusuf\n\n"
        "Publish date : 2023-08-14 09:15:00\n\n"
        "Copyright for syndicated content belongs to the linked Source.\n\n"
        "Exit mobile version",
        _expect(
            title="Floods force 12,000 from homes in northern Nigeria",
            url="https://www.premiumtimesng.com/news/headlines/612345-floods-kano-jigawa.html",
            source_domain="premiumtimesng.com",
            original_source_domain="premiumtimesng.com",
            author="Amina Yusuf",
            published_at=datetime(2023, 8, 14, 9, 15),
        ),
        FLOOD,
    ),
    "aggregator footer with an empty author line": (
        "Ghana’s cedi slides to record low\n\n"
        f"{CEDI}\n\n"
        "Source link : https://www.myjoyonline.com/ghanas-cedi-slides-to-record-low/\n\n"
        "Author :\n\n"
        "Publish date : 2024-03-01 18:40:00\n\n"
        "Copyright for syndicated content belongs to the linked Source.\n\n"
        "Exit mobile version",
        _expect(
            title="Ghana’s cedi slides to record low",
            url="https://www.myjoyonline.com/ghanas-cedi-slides-to-record-low/",
            source_domain="myjoyonline.com",
            original_source_domain="myjoyonline.com",
            published_at=datetime(2024, 3, 1, 18, 40),
        ),
        CEDI,
    ),
    # -- blog copies: title, name line, byline, read time, injected links, promo, author box ------------------
    "blog page with name line, byline, read time, see-also, promo, share and author bio": (
        "Ethiopia and Eritrea hold first border talks in a year\n\n"
        "Hanna Tesfaye\n"
        "By Hanna Tesfaye\n"
        "3 Min Read\n\n"
        "Officials from Ethiopia and Eritrea met in Asmara on Tuesday for the first talks on their shared border "
        "in more than a year.\n\n"
        "See also\u00a0 Sudan’s warring parties agree to resume talks in Jeddah\n\n"
        "The talks focused on reopening crossing points that have been closed since 2021, officials said.\n\n"
        "Follow us on Google news ,Twitter , and Join Whatsapp Group of hornreport.co.ke\n\n"
        "Share This Article\n"
        "By Hanna Tesfaye\n"
        "Hanna Tesfaye is a freelance journalist who writes about the Horn of Africa. She previously worked in "
        "Addis Ababa.",
        _expect(
            title="Ethiopia and Eritrea hold first border talks in a year",
            source_domain="hornreport.co.ke",
            author="Hanna Tesfaye",
        ),
        "Officials from Ethiopia and Eritrea met in Asmara on Tuesday for the first talks on their shared border "
        "in more than a year.\n\n"
        "The talks focused on reopening crossing points that have been closed since 2021, officials said.",
    ),
    "mononymous author confirmed by the name line": (
        "Senegal’s new president names cabinet\n\n"
        "Surja\n"
        "By Surja\n"
        "2 Min Read\n\n"
        "Senegal’s President Bassirou Diomaye Faye named a 30-member cabinet on Friday, including four women.\n\n"
        "Ousmane Sonko, the new prime minister, said the government would review oil and gas contracts.\n\n"
        "Share This Article\n"
        "By Surja\n"
        "Surja, a dedicated blog writer, covers West African politics.",
        _expect(title="Senegal’s new president names cabinet", author="Surja"),
        "Senegal’s President Bassirou Diomaye Faye named a 30-member cabinet on Friday, including four women.\n\n"
        "Ousmane Sonko, the new prime minister, said the government would review oil and gas contracts.",
    ),
    # -- bylines ----------------------------------------------------------------------------------------------
    "two authors": (
        f"Flooding forces thousands from homes\n\nBy Amina Yusuf and Chinedu Okafor\n\n{FLOOD}",
        _expect(title="Flooding forces thousands from homes", author="Amina Yusuf and Chinedu Okafor"),
        FLOOD,
    ),
    "three authors, with a read time on the same line": (
        f"New tree frog found in Cameroon\n\nBy Marie Ngono, Paul Etundi and Sarah Klein · 4 min read\n\n{FROG}",
        _expect(title="New tree frog found in Cameroon", author="Marie Ngono and Paul Etundi and Sarah Klein"),
        FROG,
    ),
    "name with a wire-style city": (
        f"Mali junta extends transition\n\nBy Fatoumata Diallo, BAMAKO\n\n{CEDI}",
        _expect(title="Mali junta extends transition", author="Fatoumata Diallo"),
        CEDI,
    ),
    "name with a title-case city and a role": (
        f"Ghana’s cedi slides\n\nBy Daniel Mensah, Accra\nBy Daniel Mensah, Staff Writer\n\n{CEDI}",
        _expect(title="Ghana’s cedi slides", author="Daniel Mensah"),
        CEDI,
    ),
    "names with a place on the line below": (
        f"South Africa’s rand weakens\n\nBy Thandiwe Nkosi and Pieter van der Merwe\nJohannesburg\n\n{CEDI}",
        _expect(title="South Africa’s rand weakens", author="Thandiwe Nkosi and Pieter van der Merwe"),
        CEDI,
    ),
    "staff byline alone is kept as stated": (
        f"Council approves new bus routes\n\nBy Staff\n\n{FLOOD}",
        _expect(title="Council approves new bus routes", author="Staff"),
        FLOOD,
    ),
    "staff writer byline alone is kept as stated": (
        f"Council approves new bus routes\n\nBy Staff Writer\n\n{FLOOD}",
        _expect(title="Council approves new bus routes", author="Staff Writer"),
        FLOOD,
    ),
    "staff byline gives way to a person named elsewhere": (
        f"Council approves new bus routes\n\nBy Staff\n\n{FLOOD}\n\nAuthor: Jane Doe",
        _expect(title="Council approves new bus routes", author="Jane Doe"),
        FLOOD,
    ),
    "wire byline is an outlet, not an author": (
        f"Oil prices rise after OPEC+ output cut\n\nBy Reuters\n\n{CEDI}",
        _expect(title="Oil prices rise after OPEC+ output cut"),
        CEDI,
    ),
    "agency spelled out is an outlet, not an author": (
        f"Angola sees record diamond sales\n\nBy Agence France-Presse\n\n{CEDI}",
        _expect(title="Angola sees record diamond sales"),
        CEDI,
    ),
    "person with agencies keeps the person": (
        f"Angola sees record diamond sales\n\nBy Joana Neto with AFP\n\n{CEDI}",
        _expect(title="Angola sees record diamond sales", author="Joana Neto"),
        CEDI,
    ),
    "compound byline: name, outlet, date and read time": (
        f"Is Niger’s junta turning to Moscow for good?\n\nBy Jane Doe | Reuters | May 12, 2023 8:30 AM GMT | "
        f"5 min read\n\n{FROG}",
        _expect(
            title="Is Niger’s junta turning to Moscow for good?",
            author="Jane Doe",
            published_at=datetime(2023, 5, 12, 8, 30),
        ),
        FROG,
    ),
    "written-by line and a date with read time": (
        f"Tanzania cuts fuel prices\n\nWritten by Neema Mollel\nMay 12, 2023 | 2 min read\n\n{CEDI}",
        _expect(title="Tanzania cuts fuel prices", author="Neema Mollel", published_at=datetime(2023, 5, 12)),
        CEDI,
    ),
    "byline with a date after 'on'": (
        f"Nigeria raises interest rate to 18.75%\n\nBy Jane Doe on Friday, May 12, 2023\n\n{CEDI}",
        _expect(title="Nigeria raises interest rate to 18.75%", author="Jane Doe", published_at=datetime(2023, 5, 12)),
        CEDI,
    ),
    "headline directly above its byline, no blank line": (
        f"Flooding forces thousands from homes\nBy Amina Yusuf\n\n{FLOOD}",
        _expect(title="Flooding forces thousands from homes", author="Amina Yusuf"),
        FLOOD,
    ),
    # -- syndication ------------------------------------------------------------------------------------------
    "originally-belongs-to note on a bare body": (
        "State television in Senegal said on Sunday that voting had ended peacefully in most regions.\n"
        "Turnout was estimated at 61 percent, according to the electoral commission.\n"
        "Results are expected later this week.\n"
        "Source: | This article originally belongs to Bbc.co.uk",
        _expect(source_domain="bbc.co.uk", original_source_domain="bbc.co.uk"),
        "State television in Senegal said on Sunday that voting had ended peacefully in most regions.\n"
        "Turnout was estimated at 61 percent, according to the electoral commission.\n"
        "Results are expected later this week.",
    ),
    "republished copy keeps its own outlet and the original": (
        f"URL: https://www.africabriefing.net/2023/05/frog-cameroon\n\nNew tree frog found in Cameroon\n\n{FROG}\n\n"
        "This story was originally published on www.theguardian.com.",
        _expect(
            title="New tree frog found in Cameroon",
            url="https://www.africabriefing.net/2023/05/frog-cameroon",
            source_domain="africabriefing.net",
            original_source_domain="theguardian.com",
        ),
        FROG,
    ),
    "creative-commons republication note without a domain": (
        f"New tree frog found in Cameroon\n\nBy Marie Ngono\n\n{FROG}\n\n"
        "This article is republished from The Conversation under a Creative Commons license. Read the original "
        "article.",
        _expect(title="New tree frog found in Cameroon", author="Marie Ngono"),
        FROG,
    ),
    # -- key-value headers ------------------------------------------------------------------------------------
    "key-value header in capitals, byline, see-also and promo footer": (
        "TITLE: Rwanda opens new cancer centre in Kigali\n"
        "DATE: 2023-05-12T08:30:00Z\n"
        "URL: https://www.newtimes.co.rw/article/7123/news/health/rwanda-opens-cancer-centre\n"
        "AUTHOR: Jean-Paul Habimana\n\n"
        "By Jean-Paul Habimana\n\n"
        f"{FROG}\n\n"
        "See also  Rwanda launches national cervical cancer screening campaign\n\n"
        "Follow us on Google news ,Twitter , and Join Whatsapp Group of newtimes.co.rw\n\n"
        "Share This Article",
        _expect(
            title="Rwanda opens new cancer centre in Kigali",
            url="https://www.newtimes.co.rw/article/7123/news/health/rwanda-opens-cancer-centre",
            source_domain="newtimes.co.rw",
            author="Jean-Paul Habimana",
            published_at=datetime(2023, 5, 12, 8, 30),
        ),
        FROG,
    ),
    "key-value header in lower case with outlet name and co-author byline": (
        "title: Flooding forces thousands from homes\n"
        "date: 14 August 2023\n"
        "url: https://www.premiumtimesng.com/news/612345-floods.html\n"
        "author: Amina Yusuf\n"
        "source: Premium Times\n\n"
        "By Amina Yusuf and Chinedu Okafor\n\n"
        f"{FLOOD}\n\n"
        "Exit mobile version",
        _expect(
            title="Flooding forces thousands from homes",
            url="https://www.premiumtimesng.com/news/612345-floods.html",
            source_domain="premiumtimesng.com",
            source_name="Premium Times",
            author="Amina Yusuf and Chinedu Okafor",
            published_at=datetime(2023, 8, 14),
        ),
        FLOOD,
    ),
    "title header with the headline printed again above the body": (
        f"Title: Ghana’s cedi slides to record low\nDate: March 1, 2024\n\nGhana’s cedi slides to record low\n\n{CEDI}",
        _expect(title="Ghana’s cedi slides to record low", published_at=datetime(2024, 3, 1)),
        CEDI,
    ),
    "author header with an outlet is not an author": (
        f"Title: Oil prices rise\nAuthor: Reuters\nSource: Reuters\n\n{CEDI}",
        _expect(title="Oil prices rise", source_name="Reuters"),
        CEDI,
    ),
    # -- stated dates -----------------------------------------------------------------------------------------
    "posted-on line with author, and a bio at the end": (
        "Posted on March 3, 2024 by Daniel Mensah\n\n"
        "Ghana’s cedi slides to record low as inflation bites\n\n"
        f"{CEDI}\n\n"
        "Daniel Mensah is a business reporter based in Accra. He has covered West African markets since 2015.",
        _expect(
            title="Ghana’s cedi slides to record low as inflation bites",
            author="Daniel Mensah",
            published_at=datetime(2024, 3, 3),
        ),
        CEDI,
    ),
    "posted-by line with the name first": (
        f"Posted by Kofi Boateng on 12th May 2023 at 10:15 am\n\nIvory Coast wins bid to host youth games\n\n{FROG}",
        _expect(
            title="Ivory Coast wins bid to host youth games",
            author="Kofi Boateng",
            published_at=datetime(2023, 5, 12, 10, 15),
        ),
        FROG,
    ),
    "published header in ISO form": (
        f"Scientists find new frog\n\nPublished: 2023-05-12T08:30:00Z\n\n{FROG}",
        _expect(title="Scientists find new frog", published_at=datetime(2023, 5, 12, 8, 30)),
        FROG,
    ),
    "only an updated line, with a US zone": (
        f"Kenya passes disputed finance bill\n\nUpdated May 12, 2023, 8:30 AM EDT\n\n{CEDI}",
        _expect(title="Kenya passes disputed finance bill", published_at=datetime(2023, 5, 12, 12, 30)),
        CEDI,
    ),
    "published and updated: the first publication wins": (
        f"Kenya passes finance bill\n\nUpdated: May 14, 2023\nPublished: May 12, 2023\n\n{CEDI}",
        _expect(title="Kenya passes finance bill", published_at=datetime(2023, 5, 12)),
        CEDI,
    ),
    "RFC 2822 date header": (
        f"Date: Fri, 12 May 2023 08:30:00 GMT\n\n{FROG}",
        _expect(published_at=datetime(2023, 5, 12, 8, 30)),
        FROG,
    ),
    "day-month-year dateline with a British dotted time": (
        f"Madagascar cyclone toll rises to 20\n\nSat 20 Jan 2024 09.30 GMT\n\n{FLOOD}",
        _expect(title="Madagascar cyclone toll rises to 20", published_at=datetime(2024, 1, 20, 9, 30)),
        FLOOD,
    ),
    "relative time is stated but never a timestamp": (
        f"Chad closes border with Sudan\n\nBy Ahmat Mahamat | Published 3 hours ago\n\n{CEDI}",
        _expect(title="Chad closes border with Sudan", author="Ahmat Mahamat"),
        CEDI,
    ),
    "impossible date is NULL, not a crash": (
        f"Date: 2024-13-45\nTitle: Uganda signs oil pipeline deal\n\n{FROG}",
        _expect(title="Uganda signs oil pipeline deal"),
        FROG,
    ),
    "date more than a day ahead is NULL": (
        f"Malawi reports drop in malaria cases\n\nPublished: 12 May 2099\n\n{FROG}",
        _expect(title="Malawi reports drop in malaria cases"),
        FROG,
    ),
    # -- Wikinews-style pages ---------------------------------------------------------------------------------
    "Wikinews dateline below the headline": (
        f"Heavy snow closes roads across the Alps\n\nFriday, January 4, 2019\u00a0\n\n\n{FLOOD}",
        _expect(title="Heavy snow closes roads across the Alps", published_at=datetime(2019, 1, 4)),
        FLOOD,
    ),
    "Wikinews dateline below a review banner": (
        "Wikinews interviews a Sahel climate researcher\n\n"
        "This article requires pre-publication review by an uninvolved reviewer (one not substantially involved "
        "in writing the article).\n\n\n"
        "-Article last amended: Jan 5 at 9:12:03 UTC (history)Please check the talk page history before reviewing."
        "\n\n\nSunday, October 18, 2020\u00a0\n\n\n"
        f"{FROG}",
        _expect(title="Wikinews interviews a Sahel climate researcher", published_at=datetime(2020, 10, 18)),
        FROG,
    ),
    "Wikinews page without a dateline: headline alone above the paragraphs": (
        f"Island government lifts curfew after storm season ends\n\n{FLOOD}",
        _expect(title="Island government lifts curfew after storm season ends"),
        FLOOD,
    ),
    # -- bare bodies ------------------------------------------------------------------------------------------
    "bare body with paragraphs on single lines": (
        "State media reported that Russian military trainers have arrived in Niger, marking a significant "
        "development in the country’s security relations with Moscow.\n"
        "Niger’s military government agreed in January to bolster military cooperation with Russia.\n"
        "Despite the presence of about 1,000 American troops, their activities have been restricted since the coup.",
        _expect(),
        "State media reported that Russian military trainers have arrived in Niger, marking a significant "
        "development in the country’s security relations with Moscow.\n"
        "Niger’s military government agreed in January to bolster military cooperation with Russia.\n"
        "Despite the presence of about 1,000 American troops, their activities have been restricted since the coup.",
    ),
    "bare body whose first paragraph is a sentence": (
        f"The council delayed its vote on the budget.\n\n{FLOOD}",
        _expect(),
        f"The council delayed its vote on the budget.\n\n{FLOOD}",
    ),
    "bare body keeps sentences that open like page furniture": (
        "By Monday, the council had agreed to the plan.\n\n"
        "Share prices of the state utility rose 3% on the news.\n\n"
        "Updated figures show the deficit widened in May.\n\n"
        "Related to the vote was a dispute over bus routes, officials said.",
        _expect(),
        "By Monday, the council had agreed to the plan.\n\n"
        "Share prices of the state utility rose 3% on the news.\n\n"
        "Updated figures show the deficit widened in May.\n\n"
        "Related to the vote was a dispute over bus routes, officials said.",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_every_field_of_each_style(name):
    text, expected, body = CASES[name]
    article = parse_article(text, now=NOW)
    assert {field: getattr(article, field) for field in FIELDS} == expected
    assert article.body == body


@pytest.mark.parametrize("name", list(CASES))
def test_every_style_survives_any_encoding_and_line_ending(name):
    text, expected, body = CASES[name]
    crlf = text.replace("\n", "\r\n")
    for data in (
        codecs.BOM_UTF8 + crlf.encode("utf-8"),
        crlf.encode("utf-16"),
        text.encode("cp1252") if _cp1252_safe(text) else text.encode("utf-8"),
    ):
        decoded = decode_bytes(data)
        assert decoded.text is not None
        article = parse_article(decoded.text, now=NOW)
        assert {field: getattr(article, field) for field in FIELDS} == expected
        assert article.body == body


def _cp1252_safe(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def test_text_handed_in_directly_with_bom_and_crlf_is_cleaned_first():
    article = parse_article("\ufeffTitle: São Tomé votes\r\nDate: 12 May 2023\r\n\r\nVoters queued.\r\n", now=NOW)
    assert (article.title, article.published_at, article.body) == (
        "São Tomé votes",
        datetime(2023, 5, 12),
        "Voters queued.",
    )


def test_decomposed_text_handed_in_directly_comes_out_nfc():
    article = parse_article("Title: Se\u0301gou market reopens\n\nTraders in Se\u0301gou returned.", now=NOW)
    assert (article.title, article.body) == ("Ségou market reopens", "Traders in Ségou returned.")


def test_cp1252_place_names_come_through_decoding_and_parsing():
    text = "Title: Talks in São Tomé and Ségou\nDate: 12 May 2023\n\nDelegates met in São Tomé – then in Ségou."
    article = parse_article(decode_bytes(text.encode("cp1252")).text, now=NOW)
    assert article.title == "Talks in São Tomé and Ségou"
    assert article.body == "Delegates met in São Tomé – then in Ségou."


def test_mojibake_file_is_repaired_before_parsing():
    text = "Title: Niger’s junta meets envoys in Niamey\n\nThe envoy said: “We are here to listen.”"
    # UTF-8 read as cp1252 (undefined bytes kept as C1 code points, as browsers do), saved as UTF-8 again.
    broken = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in text.encode("utf-8"))
    decoded = decode_bytes(broken.encode("utf-8"))
    assert decoded.encoding == "utf-8+ftfy"
    article = parse_article(decoded.text, now=NOW)
    assert (article.title, article.body) == (
        "Niger’s junta meets envoys in Niamey",
        "The envoy said: “We are here to listen.”",
    )
