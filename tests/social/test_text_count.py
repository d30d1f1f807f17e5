"""X's weighted length (twitter-text v3) against twitter-text's own conformance cases, and the
campaign validator refusing a social node whose post X would refuse (``enrollflow campaign validate``).

The cases are copied from ``conformance/validate.yml`` of https://github.com/twitter/twitter-text
(sections ``WeightedTweetsWithDiscountedEmojiCounterTest`` and
``UnicodeDirectionalMarkerCounterTest``; the v3 rules), with their published ``weightedLength`` and
``valid``; long texts are written as the repetition they are.
"""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from typer.testing import CliRunner

from delivery.social.textcount import measure, weighted_length
from enrollflow.cli import app
from tests.social.test_campaign_posts import campaign_file

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # 👨‍👩‍👧‍👦, 7 code points
ENGLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"  # tag sequence
POEM = (
    "故人西辞黄鹤楼，烟花三月下扬州。孤帆远影碧空尽，唯见长江天际流。朱雀桥边野草花，乌衣巷口夕阳斜。"
    "旧时王谢堂前燕，飞入寻常百姓家。朝辞白帝彩云间，千里江陵一日还。两岸猿声啼不住，轻舟已过万重山。"
    "泪湿罗巾梦不成，夜深前殿按歌声。红颜未老恩先断，斜倚薰笼坐到明。独在异乡为异客，每逢佳节倍思亲。"
    "遥知兄弟登高处，遍插茱萸少一人。"
)
KANA = "あいうえおかきくけこ"

CONFORMANCE = [
    # (description, text, weightedLength, valid)
    ("Long tweet, overflow at char index 280", "285 chars-" + "xxxxxxxxxx-" * 25, 285, False),
    ("Long tweet with url at the end, overflow at char index 265",
     "xxxxxxxxxx-" * 24 + " http://www.twitter.com/jack ", 289, False),
    ("10 url string, no overflow", "https://www.twitter.com/aloha " * 10, 240, True),
    ("160 CJK char, overflow at char index 140", POEM, 320, False),
    ("160 emoji char, overflow at char index 140", "\U0001f637" * 160, 320, False),
    ("3 latin char + 160 CJK char, overflow at char index 141", "the" + POEM, 323, False),
    ("'Á' is normalized into 1 char", "A\u0301B", 2, True),
    ("שּׁ is normalized into 3 chars", "A\u05e9\u05bc\u05c1", 4, True),
    ("Count unicode emoji chars inside the basic multilingual plane",
     "\U0001f637\U0001f47e\U0001f621\U0001f525\U0001f4a9", 10, True),
    ("Handle General Punctuation Characters with visible spaces(u2000-200A)",
     "This is a tweet with general punctuation characters: "
     "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u200c\u200d "
     "‐ ‑ ‒ – — ― ‖  ‗ ‘ ’ ‚ ‛ “ ” „ ‟ ′ ″ ‴ ‵ ‶ ‷", 112, True),
    ("Handle a 64 character domain without protocol",
     "randomurlrandomurlrandomurlrandomurlrandomurlrandomurlrandomurls.com", 68, True),
    ("Do not allow > 140 CJK characters by virtue of CJK chars greater than 63 punycode "
     "encoded chars in the host", KANA * 12 + " http://" + KANA * 5 + "あいう.com", 358, False),
    ("Allow > 140 CJK characters by virtue of CJK chars less than 63 punycode encoded chars "
     "in the host", KANA * 12 + " http://" + KANA * 5 + "あい.com", 264, True),
    ("140 family emoji", FAMILY * 140, 280, True),
    ("Unicode 10.0 emoji", f"Unicode 10.0 emoji: \U0001f92a; \U0001f9d5; \U0001f9d5\U0001f3fe; {ENGLAND}",
     34, True),
    ("Unicode 9.0 emoji", "Unicode 9.0 emoji: \U0001f920; \U0001f483; \U0001f483\U0001f3fe", 29, True),
    ("Handle invalid characters", "ABC\u202a\uffffABC\ufffe", 12, False),
    ("Tweet text containing directional characters should be considered valid",
     "\u2066\u202ahttp://foobar.پاکستان/\u202c\u2069", 31, True),
    # the v1 ``lengths`` section, whose URL rules v3 keeps
    ("Count a URL without protocol as 23 characters", "test.com", 23, True),
    ("Count multiple URLs correctly", "Test https://test.com test https://test.com test.com test",
     86, True),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "length", "valid"), [c[1:] for c in CONFORMANCE], ids=[c[0] for c in CONFORMANCE]
)
def test_twitter_text_conformance(text, length, valid):
    counted = measure("x", text)
    assert (counted.length, counted.valid) == (length, valid)


def test_the_limits_the_brief_names():
    assert measure("x", "a" * 280).valid and not measure("x", "a" * 281).valid
    assert measure("x", "学" * 140).valid and not measure("x", "学" * 141).valid
    assert measure("x", "学" * 141).length == 282
    short, long = "https://t.example.edu/a", "https://northbridge.example.edu/" + "p" * 400
    assert weighted_length(f"Apply {short}") == weighted_length(f"Apply {long}") == 6 + 23
    # ccTLD without a scheme: a link only with a path (X does not link "northbridge.ac" alone)
    assert weighted_length("bit.ly/3xYz") == 23 and weighted_length("fine.ac") == 7
    # other platforms count characters as written
    assert measure("linkedin", "学" * 141).length == 141 and measure("linkedin", "学" * 141).valid
    assert "shorten it by 2" in measure("x", "学" * 141).problem()


def test_campaign_validate_refuses_a_social_node_x_would_refuse(tmp_path):
    spec = campaign_file(dt.datetime(2026, 3, 1), "x:1460000000000000001", "facebook:1")
    spec["content"][1]["locales"]["en"]["body"] = "开放日" * 47  # 141 CJK: 282 + link
    path = tmp_path / "open_day.yml"
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    out = CliRunner().invoke(app, ["campaign", "validate", str(path)], env={"COLUMNS": "200"})
    assert out.exit_code == 1, out.output
    flat = " ".join(out.output.split())
    assert "content(id=announce).locales.en.body" in flat
    assert "text: 306 weighted characters" in flat and "posted by node 'post' on x" in flat
    assert "on facebook" not in flat  # 141 characters are fine on Facebook
    spec["content"][1]["locales"]["en"]["body"] = "开放日" * 43  # 258 + newline + 23 = 282
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    assert CliRunner().invoke(app, ["campaign", "validate", str(path)]).exit_code == 1
    spec["content"][1]["locales"]["en"]["body"] = "开放日" * 42 + "!"  # 252 + 1 + 1 + 23 = 277
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    ok = CliRunner().invoke(app, ["campaign", "validate", str(path)])
    assert ok.exit_code == 0, ok.output
