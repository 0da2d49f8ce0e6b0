"""Write scraped-style fictional news pages with a gold role or drop reason for every line.

Usage:  python scripts/make_page_fixtures.py [--out tests/fixtures/pages] [--seed 7]

Six page layouts (wire site, tabloid, broadcaster with video players, paywalled daily with login
prompts, blog, state-run outlet), eight fictional events, two fictional outlets per layout: 48
articles.  Each is written as ``txt/<outlet>/<id>.txt`` (the page as copied from a browser: furniture,
headline, body, footer) and ``html/<outlet>/<id>.html`` (the same page as HTML), and ``gold.jsonl`` holds
one record per article: ``{"id", "outlet", "layout", "lines": [[text, label], ...]}`` where ``label``
is a role (headline, standfirst, subhead, body) or a drop reason (navigation, media, caption,
credit, byline, dateline, timestamp, reader_prompt, promo, publisher_notice, sign_off, tags, ad,
duplicate).  Every furniture class is drawn from many variants composed from parts, written here
independently of the detector (framing/_structure.py), so the detector cannot pass by listing them.
"""

from __future__ import annotations

import argparse
import html
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# ---------------------------------------------------------------------------------------------
# Events: headline variants, standfirst variants, subheads, body paragraphs (lists of sentences)
# ---------------------------------------------------------------------------------------------
EVENTS = [
    dict(
        key="flood", city="Port Alder",
        heads=["Floodwater forces hundreds from homes in Port Alder", "Port Alder Floods: Hundreds Evacuated As River Bursts Its Banks",
               "River bursts banks in Port Alder, hundreds evacuated", "HOMES SWAMPED AS ALDER RIVER OVERFLOWS"],
        stand=["Emergency crews worked through the night as the Alder River rose to its highest level in forty years.",
               "Officials say the clean-up could take months after record rainfall",
               "The council has opened two shelters and warned residents to avoid the lower town."],
        subs=["Shelters open", "What happens next", "A town under water"],
        body=[["The Alder River burst its banks early on Tuesday, flooding more than 300 homes in the lower town.",
               "Fire crews used boats to reach families trapped on upper floors."],
              ["Mayor Ines Varga said the town had not seen water this high since 1984.",
               "\"We will rebuild, street by street,\" she told reporters outside the town hall."],
              ["Two schools were closed and the ferry service to Kelmar was suspended.",
               "Residents were told to boil drinking water until further notice."],
              ["Subscriptions to the council's text alert service tripled overnight, a spokesman said."],
              ["Hydrologist Petra Lund, of Norland University, said the river could rise again on Thursday.",
               "\"The ground is saturated and has nowhere to put the water,\" she said."],
              ["Insurers have sent assessors to the area.", "Claims are expected to run into the millions."],
              ["Volunteers filled sandbags at the harbour car park until midnight."]],
    ),
    dict(
        key="strike", city="Westbrook",
        heads=["Westbrook rail workers walk out over pay", "Rail Strike Brings Westbrook To A Standstill",
               "Trains halted as Westbrook drivers strike", "STRIKE CHAOS: NO TRAINS UNTIL FRIDAY"],
        stand=["The union says talks collapsed after managers refused to improve a 3 percent offer.",
               "Commuters face a third day of disruption as both sides dig in",
               "Managers call the walkout unnecessary; the union says members have no choice."],
        subs=["Talks collapse", "Commuters stranded", "The offer on the table"],
        body=[["Train drivers in Westbrook walked out at dawn on Monday, halting all services on the valley line.",
               "About 40,000 people use the line each weekday."],
              ["Union leader Karl Obi said members had voted 9 to 1 for action.",
               "\"Nobody wants to strike, but our members cannot pay their rent,\" he said."],
              ["Westbrook Rail said the walkout was unnecessary and urged the union to return to talks.",
               "A replacement bus service will run every 30 minutes."],
              ["Shops near the central station reported a sharp fall in trade."],
              ["The dispute began in March, when the company offered a 3 percent rise.",
               "Inflation in the region stood at 6 percent last month."],
              ["Passengers were advised to check the operator's website before travelling."],
              ["Talks are due to resume on Thursday under an independent mediator."]],
    ),
    dict(
        key="election", city="Kelmar",
        heads=["Kelmar votes for a new mayor after a bitter campaign", "Kelmar Mayor Race Goes To The Wire",
               "Polls open in Kelmar as mayoral race tightens", "KELMAR DECIDES: IT'S NECK AND NECK"],
        stand=["Turnout was high in the morning, election officials said, as voters queued outside schools.",
               "The two leading candidates are separated by two points in the final poll",
               "Housing and the harbour redevelopment dominated the campaign."],
        subs=["A tight race", "Housing at the centre", "When results are due"],
        body=[["Polling stations in Kelmar opened at 7 a.m. on Sunday for the city's first contested mayoral vote in a decade.",
               "More than 90,000 people are registered to vote."],
              ["Candidate Lena Moss promised to build 2,000 homes on the old harbour site.",
               "Her rival, Tomas Reyes, said the plan would cost too much."],
              ["\"This is the most important election this city has held,\" Moss said as she cast her ballot."],
              ["Reyes has accused the council of hiding the true cost of the redevelopment.",
               "The council denies the claim."],
              ["Results are expected after midnight, the electoral commission said."],
              ["A final poll put Moss on 41 percent and Reyes on 39 percent.",
               "Undecided voters could swing the result."],
              ["Voters complained of long queues at two schools in the north of the city."]],
    ),
    dict(
        key="hospital", city="Norland",
        heads=["Norland hospital cancels surgeries after cyberattack", "Cyberattack Cripples Norland General Hospital",
               "Hackers hit Norland hospital systems", "HOSPITAL HACK: PATIENTS TURNED AWAY"],
        stand=["Staff switched to paper records as the hospital's computer systems went dark.",
               "Health officials say no patient data has been published so far",
               "Dozens of planned operations have been postponed until next week."],
        subs=["Back to paper", "Who is behind it", "Advice for patients"],
        body=[["Norland General Hospital cancelled 60 planned operations on Wednesday after a cyberattack shut down its computer systems.",
               "Emergency care continued, staff said."],
              ["Chief executive Omar Haddad said the attack began overnight.",
               "\"Patient safety is our priority, and we are working around the clock,\" he said in a statement."],
              ["Doctors were using paper charts and handwritten prescriptions."],
              ["The national cyber agency said it was investigating and had not identified the attackers."],
              ["Patients with appointments this week were asked to attend unless contacted."],
              ["A similar attack hit two clinics in the region last year.", "It took three weeks to restore their systems."],
              ["Opposition health spokeswoman Dana Frey said the hospital had been warned about outdated software."]],
    ),
    dict(
        key="bridge", city="Lindhaven",
        heads=["Lindhaven bridge closed after cracks found", "Cracks Shut Lindhaven's Main Bridge",
               "Engineers close Lindhaven bridge over safety fears", "BRIDGE SHUT: COMMUTER MISERY"],
        stand=["Inspectors found cracks in two support beams during a routine check on Friday.",
               "Drivers face a 20-minute detour while engineers assess the damage",
               "The bridge carries 30,000 vehicles a day."],
        subs=["Routine check", "Detours in place", "How long will it take"],
        body=[["The Old Mill Bridge in Lindhaven was closed to traffic on Friday after inspectors found cracks in two steel beams.",
               "Pedestrians can still cross."],
              ["City engineer Rafael Ortiz said the cracks were not an immediate danger.",
               "\"We closed it because we would rather be cautious,\" he said."],
              ["The bridge was built in 1962 and last repaired in 2009."],
              ["Bus routes 4 and 7 have been diverted through the industrial estate."],
              ["Local business owners said the closure could cost them customers.",
               "One cafe owner said takings had halved."],
              ["Repairs could take six months and cost about 4 million, the council estimated."],
              ["A public meeting will be held at the library on Monday evening."]],
    ),
    dict(
        key="school", city="Greyford",
        heads=["Greyford teachers win pay deal after long dispute", "Teachers In Greyford Accept New Pay Offer",
               "Pay deal ends Greyford school dispute", "TEACHERS WIN: 5 PERCENT RISE AGREED"],
        stand=["The agreement ends months of disruption that closed schools on eight days this year.",
               "Union members backed the deal by a wide margin",
               "The education board says the rise will be paid from September."],
        subs=["The deal", "Reaction from parents", "What it costs"],
        body=[["Teachers in Greyford have accepted a 5 percent pay rise, ending a dispute that began last autumn.",
               "Members of the teachers' union voted 78 percent in favour."],
              ["Union secretary Mira Sol said the deal was a fair result.",
               "\"Our members stood together, and it paid off,\" she said."],
              ["The education board said the rise would cost 12 million a year."],
              ["Parents' group chair Ben Adler said families were relieved.",
               "Many parents had taken unpaid leave during the strike days."],
              ["Schools were closed on eight days during the dispute."],
              ["The board said class sizes would not rise to pay for the deal."],
              ["Negotiations over working hours will continue next year."]],
    ),
    dict(
        key="fire", city="Ashcombe",
        heads=["Wildfire near Ashcombe forces evacuation of three villages", "Ashcombe Wildfire Spreads As Winds Pick Up",
               "Three villages evacuated as fire nears Ashcombe", "INFERNO: VILLAGES FLEE FLAMES"],
        stand=["More than 200 firefighters are battling the blaze, which has burned 1,500 hectares.",
               "Strong winds are expected to push the fire east overnight",
               "No injuries have been reported, the fire service said."],
        subs=["Winds pick up", "Evacuation centres", "Causes under investigation"],
        body=[["A wildfire in the hills above Ashcombe forced the evacuation of three villages on Saturday.",
               "About 1,200 people left their homes."],
              ["Fire chief Hana Berg said crews were working to protect the villages of Oakfield and Breem.",
               "\"The next 24 hours are critical,\" she said."],
              ["Two aircraft dropped water on the fire throughout the afternoon."],
              ["Evacuees were taken to a sports hall in Ashcombe, where volunteers served food."],
              ["The cause of the fire is under investigation.", "Police said they had not ruled out arson."],
              ["Temperatures reached 38 degrees on Friday, the highest this summer."],
              ["The regional government said it would compensate farmers who lost livestock."]],
    ),
    dict(
        key="port", city="Saltmere",
        heads=["Saltmere port expansion approved despite protests", "Saltmere Port Plan Gets Green Light",
               "Regulators approve Saltmere port expansion", "PORT PLAN PASSED AMID FURY"],
        stand=["Environmental groups say the dredging will destroy seagrass beds in the bay.",
               "The project is expected to create 800 jobs, according to the port authority",
               "Opponents have vowed to challenge the decision in court."],
        subs=["Jobs and growth", "Environmental concerns", "Legal challenge"],
        body=[["Regulators approved a plan on Thursday to double the size of Saltmere's container port.",
               "Construction is due to start next spring."],
              ["The port authority said the expansion would create 800 permanent jobs."],
              ["Environmental group Blue Bay said the dredging would destroy seagrass beds.",
               "\"This decision ignores the science,\" its director, Ivo Marsh, said."],
              ["About 300 people protested outside the regulator's offices on Thursday morning."],
              ["The port handled 1.2 million containers last year."],
              ["Fishermen's association head Lea Quinn said catches had already fallen."],
              ["The authority said it would fund a seagrass replanting programme."]],
    ),
]

OUTLETS = {
    "wire": [("meridian-wire", "Meridian Wire", "meridianwire.example"), ("coastline-press", "Coastline Press Agency", "coastlinepress.example")],
    "tabloid": [("daily-clarion", "The Daily Clarion", "clarion.example"), ("morning-blaze", "Morning Blaze", "blaze.example")],
    "broadcaster": [("nbr-news", "NBR News", "nbr.example"), ("valley-nine", "Valley Nine", "valley9.example")],
    "paywalled": [("harbor-ledger", "The Harbor Ledger", "harborledger.example"), ("westbrook-times", "Westbrook Times", "wbtimes.example")],
    "blog": [("alder-notes", "Notes from Alder Bay", "aldernotes.example"), ("civic-lens", "The Civic Lens", "civiclens.example")],
    "state": [("republic-info", "Republic Information Service", "ris.example"), ("national-voice", "National Voice Agency", "nva.example")],
}
AUTHORS = ["Ana Ruiz", "Tom Ek", "Priya Nair", "Jonas Berg", "Leila Haddad", "Sam O'Neill", "Mei Lin", "Carlos Dias",
           "Ruth Okoro", "Felix Brandt", "Nina Petrov", "David Achebe"]
SECTIONS = ["Home", "News", "World", "Politics", "Business", "Sport", "Culture", "Opinion", "Weather", "Regions",
            "Video", "Live", "Science", "Health", "Money", "Travel", "Local", "Podcasts"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]


class Page:
    """Blocks of one page: (text, label, html tag)."""

    def __init__(self) -> None:
        self.blocks: list[tuple[str, str, str]] = []

    def add(self, text: str, label: str, tag: str = "p") -> None:
        self.blocks.append((text, label, tag))


def _date(r: random.Random) -> str:
    d, m, y = r.randint(1, 28), r.choice(MONTHS), r.choice([2024, 2025])
    return r.choice([f"{d} {m} {y}", f"{m} {d}, {y}", f"{m[:3]} {d}, {y}", f"{r.choice(DAYS)} {d} {m} {y}"])


def _time(r: random.Random) -> str:
    h, mi = r.randint(1, 12), r.randint(0, 59)
    return r.choice([f"{h}:{mi:02d} p.m.", f"{h + 8:02d}:{mi:02d}", f"{h}:{mi:02d} AM", f"{h + 8}.{mi:02d} BST"])


def timestamp(r: random.Random) -> str:
    forms = [lambda: f"Published {_time(r)} GMT, {_date(r)}", lambda: _date(r), lambda: f"Updated: {r.randint(2, 55)} minutes ago",
             lambda: f"{r.randint(1, 11)} hours ago", lambda: f"{_date(r)} at {_time(r)}",
             lambda: f"Last modified on {r.choice(DAYS)[:3]} {r.randint(1, 28)} {r.choice(MONTHS)[:3]} {r.choice([2024, 2025])}",
             lambda: f"Posted {_date(r)} | Updated {_time(r)}", lambda: f"{_date(r)}, {_time(r)}",
             lambda: f"First published: {_date(r)}"]
    return r.choice(forms)()


def byline(r: random.Random, a: str, outlet: str) -> list[str]:
    role = r.choice(["Political Correspondent", "Senior reporter", "Staff writer", "Health editor", "Regional correspondent", "News reporter"])
    b = r.choice(AUTHORS)
    forms = [[f"By {a}"], [f"{a}, {role}"], [f"{a} and {b}"], [f"Words: {a}"], [f"Written by {a} | {role}"],
             [f"{a} · {r.randint(2, 9)} min read"], [f"Author: {a}"], [a, role], [f"BY {a.upper()}"],
             [f"{a}, {outlet}"], [f"Story by {a}"], [a]]
    return r.choice(forms)


def accessibility(r: random.Random) -> str:
    return r.choice(["Skip to main content", "Skip to content", "Jump to navigation", "Accessibility links", "Skip to footer",
                     "Accessibility help", "Skip navigation", "Go to accessibility settings", "Jump to main content",
                     "Keyboard shortcuts for audio player"])


def nav(r: random.Random) -> list[str]:
    secs = r.sample(SECTIONS, r.randint(4, 8))
    form = r.randint(0, 3)
    if form == 0:
        return [" | ".join(secs)]
    if form == 1:
        return secs[: r.randint(3, 5)]  # one per line
    if form == 2:
        return [" ".join(secs)]
    return [" › ".join(secs[:3])]  # breadcrumb


def banner(r: random.Random, other: str) -> str:
    label = r.choice(["BREAKING", "Breaking news", "LIVE", "Just in", "Developing story", "Latest", "BREAKING NEWS"])
    return f"{label}: {other}" if r.random() < 0.7 else f"{label} {r.choice(['|', '–', '·'])} {other}"


OTHER_HEADS = ["Minister resigns over expenses row", "Storm warning issued for the coast", "Central bank holds rates",
               "Striker signs record contract", "Airport strike called off", "Museum reopens after fire"]


def tags(r: random.Random, ev: dict) -> str:
    t = r.sample([ev["city"], ev["key"].capitalize(), "Local news", "Environment", "Transport", "Politics", "Health",
                  "Emergency services", "Economy", "Education"], 3)
    form = r.randint(0, 4)
    return [f"Tags: {', '.join(t)}", f"Topics: {' · '.join(t)}", f"More on: {' | '.join(t)}", f"Filed under {', '.join(t)}",
            " · ".join(t)][form]


def ad(r: random.Random) -> str:
    return r.choice(["Advertisement", "ADVERTISEMENT", "Ad", "Sponsored", "Scroll to continue with content",
                     "Article continues below", "Story continues below this ad", "Ad Feedback", "Partner content",
                     "Paid post", "Advertisement · Scroll to continue", "Remove ads"])


def image_label(r: random.Random) -> str:
    return r.choice(["Image", "Photo", "JPEG", "Expand image", "Enlarge this image", "Open image in gallery",
                     f"Image {r.randint(1, 3)} of {r.randint(4, 9)}", f"Gallery: {r.randint(5, 20)} photos",
                     "toggle caption", "hide caption", "View image in fullscreen", "Image caption,", "Zoom"])


def no_media(r: random.Random) -> str:
    return r.choice(["Media is not available", "This video can not be played", "No media source currently available",
                     "Sorry, this video is not available in your region", "Video unavailable",
                     "Your browser does not support the video tag.", "Media playback is unsupported on your device",
                     "This content is not available"])


def timecode(r: random.Random) -> str:
    m, s = r.randint(0, 4), r.randint(0, 59)
    return r.choice([f"{m:02d}:{s:02d}", f"{m}:{s:02d}", f"Duration {m}:{s:02d}", f"0:00 / {m}:{s:02d}",
                     f"Video duration {m:02d}:{s:02d}", f"Play video {m}:{s:02d}", f"{m} min {s} sec", f"{m + 1}:{s:02d} min"])


def video_title(r: random.Random, ev: dict) -> str:
    t = r.choice([f"Drone footage shows {ev['city']} from above", f"Watch: the moment the crowd gathered in {ev['city']}",
                  f"VIDEO: {ev['city']} residents describe a day of chaos", f"Eyewitness film from {ev['city']}",
                  f"Footage: Scenes in {ev['city']} on {r.choice(DAYS)}", f"Video: What we know so far"])
    return t


CAP_SUBJ = ["Residents", "A firefighter", "Volunteers", "Protesters", "A man", "Commuters", "Police officers", "Children",
            "A woman", "Council workers"]
CAP_VERB = ["walk past", "stand outside", "look at", "gather near", "wait at", "carry bags past", "speak to reporters near",
            "clear debris from", "queue outside", "inspect"]
CAP_OBJ = ["the town hall", "the damaged building", "the station entrance", "a flooded street", "the harbour wall",
           "the main square", "the closed bridge", "the hospital gates"]


def caption(r: random.Random, ev: dict) -> str:
    when = r.choice([f" on {r.choice(DAYS)}", f" in {ev['city']}", f" in {ev['city']} on {r.choice(DAYS)}", ""])
    return f"{r.choice(CAP_SUBJ)} {r.choice(CAP_VERB)} {r.choice(CAP_OBJ)}{when}."


def credit(r: random.Random, outlet: str) -> str:
    a = r.choice(AUTHORS)
    return r.choice([f"Photo: {a}/{outlet}", f"(Reuters/{a})", f"Photograph: {a} for {outlet}", f"© {a} / {outlet}",
                     f"Credit: {a}/Getty Images", f"IMAGE SOURCE, {r.choice(['HARBOR POLICE', 'GETTY IMAGES', 'FAMILY HANDOUT'])}",
                     f"Image: {a}", f"(Photo by {a})", "Getty Images", f"{a}/AFP", f"Picture: {a}", "Reuters/File photo"])


def reader_prompt(r: random.Random) -> str:
    return r.choice([
        "Comments are open. Join the conversation below.", "Have your say in our reader forum", "Thank you for registering!",
        "Please refresh the page or navigate to another page on the site to be automatically logged in",
        "Please refresh the page to log in. Please refresh your browser to be logged in.",
        "Create a free account to keep reading", f"You have {r.randint(1, 4)} free articles left this month",
        "Log in or register to comment", "Already have an account? Sign in", "What do you think? Leave a comment below.",
        "Register now to read the full story", "Enable JavaScript to view the comments", "Join the discussion",
        "Thanks for signing up! Check your inbox to confirm.", "To continue reading, log in or create an account.",
        "Want to comment? Register or sign in first.", "Show comments", "Sign in to save this article"])


def promo(r: random.Random, outlet: str) -> str:
    return r.choice([f"Sign up to the {outlet} morning newsletter", "Follow us on Telegram for the latest updates",
                     "Get the app: download it free for iPhone and Android", f"Read more: {r.choice(OTHER_HEADS)}",
                     f"Related: {r.choice(OTHER_HEADS)}", f"Most read: {r.choice(OTHER_HEADS)}",
                     "Listen to this article", "Subscribe for just 1 a week", "Share this story", "Share on WhatsApp",
                     f"Don't miss: {r.choice(OTHER_HEADS)}", "Watch live", "Try our new puzzles app"])


def mission(r: random.Random, outlet: str) -> str:
    return r.choice([
        f"{outlet} is an independent newsroom funded by readers like you.",
        "Our journalism is free for everyone because readers support it. Will you join them?",
        f"{outlet} is the official news agency of the Republic, committed to accurate and timely information for all citizens.",
        "We believe everyone deserves access to trustworthy news.",
        "Our mission is to inform, educate and unite the nation.",
        "We rely on our readers to keep our reporting independent.",
        f"At {outlet}, we are committed to the highest standards of journalism.",
        "Support our work: every contribution helps us report without fear or favour."])


def legal(r: random.Random, outlet: str) -> str:
    y = r.choice([2024, 2025])
    return r.choice([
        f"© {y} {outlet}. All rights reserved.", "This material may not be published, broadcast, rewritten or redistributed.",
        "Reproduction in whole or in part without permission is prohibited.",
        "By using this site you agree to our Terms of Use and Privacy Policy.",
        "Readers are reminded that comments which break the law will be removed and may be reported.",
        f"Copyright {y} {outlet}", "We use cookies to improve your experience. Manage preferences.",
        "The views expressed in comments are those of the readers and not of the publisher."])


def sign_off(r: random.Random, a: str, domain: str) -> str:
    u = a.lower().replace(" ", ".").replace("'", "")
    return r.choice([f"{a} can be reached at {u}@{domain}", f"Contact the author: {u}@{domain}",
                     f"Email: newsdesk@{domain}", f"Tips? Write to tips@{domain}", f"— {a} ({u}@{domain})",
                     f"Got a story? Email {u}@{domain}", f"{domain}/contact"])


def initials(r: random.Random, a: str) -> str:
    ini = "".join(w[0] for w in a.split()).lower()
    return r.choice([f"({ini}/te)", ini.upper(), f"{ini}/mk", f"– {ini.upper()[0]}.{ini.upper()[-1]}.", f"dpa/{ini}", f"({ini})"])


def pull_quote(sent: str) -> str:
    return sent


# ---------------------------------------------------------------------------------------------


def build(layout: str, ev: dict, outlet: tuple[str, str, str], r: random.Random) -> Page:
    slug, name, domain = outlet
    p = Page()
    a = r.choice(AUTHORS)
    paras = [list(x) for x in ev["body"]]
    r.shuffle(paras[2:])
    head = r.choice(ev["heads"][3:] if layout == "tabloid" and r.random() < 0.6 else ev["heads"][:3])
    stand = r.choice(ev["stand"])
    quotes = [s for para in paras for s in para if s.startswith('"') or '"' in s[:2]]
    # --- top of page
    if layout != "blog" or r.random() < 0.5:
        p.add(accessibility(r), "navigation", "nav")
    for line in nav(r):
        p.add(line, "navigation", "nav")
    if layout in ("tabloid", "broadcaster", "wire") and r.random() < 0.7:
        p.add(banner(r, r.choice(OTHER_HEADS)), "promo", "div")
    if layout in ("paywalled", "tabloid") and r.random() < 0.5:
        p.add(ad(r), "ad", "div")
    teaser = None
    if r.random() < 0.25:
        teaser = r.randrange(0, 3)
        p.add(" ".join(paras[teaser]), "duplicate", "p")
    if layout in ("wire", "paywalled", "state") and r.random() < 0.5:
        p.add(r.choice(SECTIONS), "navigation", "div")  # section label
    p.add(head, "headline", "h1")
    if layout != "wire" or r.random() < 0.5:
        p.add(stand, "standfirst", "p class=standfirst")
    # --- byline block
    for line in byline(r, a, name):
        p.add(line, "byline", "div class=byline")
    p.add(timestamp(r), "timestamp", "time")
    if layout == "broadcaster" or r.random() < 0.3:
        if r.random() < 0.5:
            p.add(no_media(r), "media", "div")
        p.add(video_title(r, ev), "media", "div class=video")
        p.add(timecode(r), "media", "span")
    if r.random() < 0.7:
        cap = caption(r, ev)
        if r.random() < 0.6:
            p.add(image_label(r), "media", "span")
        p.add(cap, "caption", "figcaption")
        p.add(credit(r, name), "credit", "small")
        if r.random() < 0.5:
            p.add(cap, "caption", "figcaption")
    if layout in ("paywalled",):
        p.add(reader_prompt(r), "reader_prompt", "div")
    # --- body
    for i, para in enumerate(paras):
        text = " ".join(para)
        if i == 0 and layout in ("wire", "state") and r.random() < 0.7:
            text = f"{ev['city'].upper()}, {r.choice(MONTHS)} {r.randint(1, 28)} ({name.split()[0]}) — {text}"
            p.add(text, "body_dateline", "p")
        elif i == 0 and r.random() < 0.2:
            p.add(ev["city"].upper() if r.random() < 0.5 else ev["city"], "dateline", "p")
            p.add(text, "body", "p")
        else:
            p.add(text, "body", "p")
        if i == 1 and r.random() < 0.5:
            p.add(ad(r), "ad", "div")
        if i == 2 and layout in ("tabloid", "blog", "paywalled", "broadcaster") and r.random() < 0.7:
            p.add(r.choice(ev["subs"]), "subhead", "h2")
        if i == 3 and r.random() < 0.5:
            p.add(promo(r, name), "promo", "aside")
        if i == 3 and layout == "broadcaster":
            p.add(video_title(r, ev), "media", "div class=video")
            p.add(timecode(r), "media", "span")
            if r.random() < 0.5:
                p.add(no_media(r), "media", "div")
        if i == 4 and quotes and layout in ("tabloid", "paywalled", "blog") and r.random() < 0.6:
            p.add(r.choice(quotes), "duplicate", "blockquote")
    if teaser is not None:
        pass
    # --- foot
    if layout != "state" and r.random() < 0.6:
        p.add(sign_off(r, a, domain), "sign_off", "p")
    if layout in ("wire", "state") and r.random() < 0.6:
        p.add(initials(r, a), "sign_off", "p")
    p.add(tags(r, ev), "tags", "div")
    if layout in ("paywalled", "tabloid", "blog"):
        p.add(reader_prompt(r), "reader_prompt", "div")
        if r.random() < 0.5:
            p.add(reader_prompt(r), "reader_prompt", "div")
    if layout in ("state", "blog", "paywalled") or r.random() < 0.3:
        p.add(mission(r, name), "publisher_notice", "footer")
    p.add(legal(r, name), "publisher_notice", "footer")
    if r.random() < 0.5:
        for line in nav(r)[:1]:
            p.add(line, "navigation", "footer")
    return p


def to_text(p: Page, r: random.Random, layout: str) -> tuple[str, list[list[str]]]:
    sep = "\n\n" if layout in ("wire", "paywalled", "state") or r.random() < 0.3 else "\n"
    lines: list[list[str]] = []
    out: list[str] = []
    for text, label, _ in p.blocks:
        if label == "body_dateline":
            m = text.index(" — ")
            lines.append([text[: m + 2], "dateline"])
            lines.append([text[m + 3:], "body"])
        else:
            lines.append([text, label])
        out.append(text)
    return sep.join(out) + "\n", lines


def to_html(p: Page, head: str, name: str, author: str | None) -> str:
    parts = ["<!DOCTYPE html><html><head><meta charset='utf-8'>",
             f"<title>{html.escape(head)} | {html.escape(name)}</title>"]
    if author:
        parts.append(f"<meta name='author' content='{html.escape(author)}'>")
    parts.append("</head><body>")
    open_article = False
    for text, label, tag in p.blocks:
        t = tag.split()[0]
        attrs = (" class='" + tag.split("=", 1)[1] + "'") if "=" in tag else ""
        if label == "headline" and not open_article:
            parts.append("<main><article>")
            open_article = True
        if t in ("footer",) and open_article:
            parts.append("</article></main>")
            open_article = False
        body = html.escape(text)
        if t == "figcaption":
            parts.append(f"<figure><img src='photo.jpg' alt='{body}'><figcaption>{body}</figcaption></figure>")
        else:
            parts.append(f"<{t}{attrs}>{body}</{t}>")
    if open_article:
        parts.append("</article></main>")
    parts.append("</body></html>")
    return "\n".join(parts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "tests" / "fixtures" / "pages")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    r = random.Random(args.seed)
    records = []
    for layout, outlets in OUTLETS.items():
        for k, ev in enumerate(EVENTS):
            outlet = outlets[k % 2]
            page = build(layout, ev, outlet, r)
            text, lines = to_text(page, r, layout)
            head = next(t for t, lab, _ in page.blocks if lab == "headline")
            author = next((t for t, lab, _ in page.blocks if lab == "byline"), None)
            doc_id = f"{ev['key']}-{layout}"
            for kind, content in (("txt", text), ("html", to_html(page, head, outlet[1], author))):
                folder = args.out / kind / outlet[0]
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{doc_id}.{kind}").write_text(content, encoding="utf-8")
            records.append({"id": f"{outlet[0]}/{doc_id}", "outlet": outlet[0], "layout": layout, "lines": lines})
    with open(args.out / "gold.jsonl", "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} pages (txt + html) and gold.jsonl to {args.out}")


if __name__ == "__main__":
    main()
