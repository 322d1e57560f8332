"""Writes the bad-input corpus of tests/data/bad_inputs/ (run from that folder; the files are committed).

What each file is for, and what it must give, is in tests/test_bad_inputs.py (CASES).
"""
import json
import os
import random

EN = ("The port of Aktau handled 7.1 million tons of cargo in 2023, up 12% from a year earlier, "
      "the press service of the Ministry of Transport of Kazakhstan reported. Minister of Transport "
      "Marat Karabayev met with the Ambassador of Lithuania to Kazakhstan to discuss the "
      "Trans-Caspian International Transport Route.")
RU = ("Министр транспорта Казахстана Марат Карабаев встретился с послом Литвы в Казахстане. "
      "Стороны обсудили развитие Транскаспийского международного транспортного маршрута. "
      "В 2023 году через порт Актау было перевалено 7,1 млн тонн грузов, что на 12% больше, "
      "чем годом ранее.")
FR = ("Le port d'Aktau a traité 7,1 millions de tonnes de marchandises en 2023. Le ministre "
      "kazakh des Transports a rencontré l'ambassadeur de Lituanie à Astana ; la route "
      "transcaspienne « Middle Corridor » était à l'ordre du jour. Straße, Übergang, Größe.")
def w(name, data):
    with open(name, "wb") as f: f.write(data)
w("empty.txt", b"")
w("whitespace_only.txt", " \n\t  \r\n\u00a0\u3000\n".encode())
w("punctuation_only.txt", b"... --- *** ...\n")
w("date_header_only.txt", b" date 2024-06-03 \n")
w("binary_png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa")
w("binary_pdf.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
w("binary_gzip.jsonl", bytes.fromhex("1f8b0800000000000003") + random.Random(3).randbytes(64))
w("binary_random.txt", random.Random(7).randbytes(512))
w("nul_bytes.txt", (" date 2024-06-03 " + EN[:120]).encode() + b"\x00" + EN[120:200].encode() + b"\x00\x00" + EN[200:].encode() + b"\x00" * 200)
w("control_chars.txt", (EN[:100] + "\x01" + EN[100:200] + "\x1f" + EN[200:]).encode())
w("cp1251.txt", (" date 2023-10-10 " + RU).encode("cp1251"))
w("koi8r.txt", (" date 2023-10-11 " + RU).encode("koi8-r"))
w("cp866.txt", RU.encode("cp866"))
w("latin1.txt", FR.encode("latin-1"))
w("cp1252_quotes.txt", ("\u201cThe Middle Corridor is our priority\u201d \u2013 said the minister; tariffs fell to \u20ac120 per container. " + EN).encode("cp1252"))
w("utf8_bom.txt", "\ufeff date 2024-06-03 ".encode() + EN.encode())
w("utf8_broken_bytes.txt", RU.encode()[:61] + RU.encode()[62:])  # one byte of a letter lost
w("utf16le_bom.txt", "\ufeff".encode("utf-16-le") + RU.encode("utf-16-le"))
w("utf16be_bom.txt", "\ufeff".encode("utf-16-be") + EN.encode("utf-16-be"))
w("utf16le_nobom.txt", RU.encode("utf-16-le"))
w("utf16be_nobom.txt", EN.encode("utf-16-be"))
w("crlf_and_cr.txt", (EN[:120] + "\r\n\r\n" + EN[120:200] + "\r\r" + EN[200:]).replace("\n", "\r\n").encode())
html = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Aktau port handled 7.1 million tons | Corridor News</title>
  <style>body { font-family: sans-serif } .menu { color: red }</style>
  <script>window.dataLayer = []; function track() { return "<p>tracking</p>"; }</script>
</head>
<body>
<nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article>
  <h1>Aktau port handled 7.1 million tons</h1>
  <p class="date">June 3, 2024</p>
  <p>The port of Aktau handled 7.1&nbsp;million tons of cargo in 2023, up 12% from a year earlier,
     the press service of the Ministry of Transport of Kazakhstan reported.</p>
  <p>Minister of Transport Marat Karabayev met with the Ambassador of Lithuania to Kazakhstan to
     discuss the Trans&#8209;Caspian International Transport Route &amp; its tariffs.</p>
</article>
<aside>Most read: Ten recipes for summer</aside>
<footer>&copy; 2024 Corridor News. All rights reserved.</footer>
<script src="/app.js"></script>
</body>
</html>
"""
w("html_page.txt", html.encode())
html_ru = ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">"
           "<title>Порт Актау</title></head><body><div id=\"menu\"><a href=\"/\">Главная</a></div>"
           "<div class=\"text\"><p>" + RU.replace(". ", ".</p><p>") + "</p></div></body></html>")
w("html_cp1251.txt", html_ru.encode("cp1251"))
w("date_broken.txt", (" date 03/06/2024 " + EN).encode())
w("date_impossible.txt", (" date 2024-02-30 " + EN).encode())
w("date_future.txt", (" date 2999-01-01 " + EN).encode())
w("mixed_language.txt", (EN + "\n\n" + RU + "\n\n" + EN[:150]).encode())
w("name with spaces.txt", EN.encode())
w("UPPER_SUFFIX.TXT", EN.replace("Aktau", "Kuryk").encode())
w(".hidden.txt", EN.encode())
w("._mac_resource_fork.txt", b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \x00\x02")
w("notes.md", b"not an article: only .txt and .jsonl are read\n")
os.makedirs("dup/a", exist_ok=True); os.makedirs("dup/b", exist_ok=True)
w("dup/a/same_id.txt", EN.encode())
w("dup/b/same_id.txt", EN.replace("7.1", "8.2").encode())
lines = [
    json.dumps({"id": "feed-en", "text": EN, "date": "2024-06-03", "url": "https://example.org/en", "title": "Aktau"}),
    '{"id": "feed-broken", "text": "unterminated',
    json.dumps({"id": "feed-ru", "text": RU, "date": "2023-10-10T09:11:00+05:00"}, ensure_ascii=False),
    json.dumps(["feed-array", EN]),
    json.dumps({"id": "feed-no-text", "title": "no text"}),
    json.dumps({"id": "feed-bad-date", "text": EN, "date": "2024-13-01"}),
    json.dumps({"id": "feed-bad-lang", "text": EN, "lang": "de"}),
    json.dumps({"id": 17, "text": EN.replace("Aktau", "Kuryk"), "url": ["not", "a", "string"]}),
    "",
    "   ",
    json.dumps({"id": "feed-surrogate", "text": EN + " \ud800"}),
    json.dumps({"id": "feed id with spaces", "text": EN.replace("7.1", "6.9")}),
    json.dumps({"id": "feed-html", "text": "<p>" + EN + "</p><p>Second paragraph.</p><script>x()</script>"}),
    '{"id": "feed-big-int", "text": "x", "n": 1' + "0" * 5000 + "}",
    "[" * 5000 + "]" * 5000,
    json.dumps({"id": "feed-en", "text": "A duplicate id within the feed."}),
    json.dumps({"id": "same_id", "text": "A duplicate of a .txt file's id."}),
]
data = "\n".join(lines).encode("utf-8")
cp1251_line = json.dumps({"id": "feed-cp1251", "text": RU}, ensure_ascii=False).encode("cp1251")
w("feed_bad_lines.jsonl", data + b"\n" + cp1251_line + b"\n" + json.dumps({"id": "feed-last", "text": RU.replace("Актау", "Курык")}).encode() + b"\n")
