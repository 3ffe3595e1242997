"""The demo workspace: three personas and a retail map, drawn from the seed articles.

Data only; `seed_demo` writes it through the services. Channel names are the
workspace's default channels (touchpoints.services.DEFAULT_CHANNELS, in English).
"""

from strategies.models import StrategyStatus

WORKSPACE_NAME = "Demo: Hanbit Home & Living"
JOURNEY_TITLE = "Buying a new kettle: online and in store"
JOURNEY_DESCRIPTION = (
    "A home-goods retailer with a web shop, a mobile app and twelve stores. "
    "The map follows three customers from the first advert to the second purchase, "
    "to see which channels pay off and where the experience breaks."
)

# username -> (first name, last name, role); the demo owner and viewer log in,
# the two teammates only own touchpoints.
DEMO_PASSWORD = "demo-journeys"  # noqa: S105 - the demo login is published in the README
DEMO_USER = "demo"
VIEWER_USER = "viewer"
TEAMMATES = {
    "mina": ("Mina", "Kang", "editor"),
    "tomasz": ("Tomasz", "Nowak", "editor"),
}

PERSONAS = [
    {
        "key": "seoyeon",
        "name": "Seo-yeon Kim",
        "color": "#4f46e5",
        "occupation": "Office worker in Seoul",
        "age_range": "25-34",
        "segment": "Online researchers",
        "story": (
            "Seo-yeon moved into her first flat last spring and furnishes it bit by bit. "
            "She commutes an hour each way and does her shopping research on the subway, "
            "like the 81% of buyers who start online. She only walks into a store once she "
            "has read the reviews and knows exactly what she wants."
        ),
        "characteristics": "Compares specifications carefully.\nTrusts reviews and colleagues more than ads.\nShops on her phone.",
        "goals": "Buy something that lasts, without spending her weekend on it.\nPick up on the way home from work.",
        "frustrations": "Product pages that leave out the details.\nChatbots that cannot answer a simple stock question.\nWaiting at the pickup desk.",
        "needs": "Complete, honest product information.\nReal-time stock per store.\nA fast click & collect.",
        "quote": "If I can't find it online, I assume the store doesn't have it either.",
        "channels": ["Search engine", "Website", "Mobile app", "Chat / chatbot", "Word of mouth"],
    },
    {
        "key": "agnieszka",
        "name": "Agnieszka Kowalska",
        "color": "#0f766e",
        "occupation": "Parent of two, accountant in Kraków",
        "age_range": "35-44",
        "segment": "Price-conscious families",
        "story": (
            "Agnieszka runs a household of four on a careful budget. When the old kettle broke "
            "she needed a new one quickly, but she still compares prices, promotions and added "
            "value across three shops before she decides."
        ),
        "characteristics": "Hunts for promotions and coupons.\nReads the small print.\nShops on weekends with the children.",
        "goals": "Get the best value for money.\nDelivery at a time when someone is home.",
        "frustrations": "Promotions with hidden conditions.\nDelivery costs that appear only at checkout.\nReturns that take a whole afternoon.",
        "needs": "Clear total prices.\nFlexible delivery slots.\nA simple returns process in store.",
        "quote": "Show me the final price first, then we can talk.",
        "channels": ["E-mail", "Social media", "Website", "Store", "Delivery"],
    },
    {
        "key": "irina",
        "name": "Irina Sokolova",
        "color": "#be123c",
        "occupation": "Teacher in Saint Petersburg",
        "age_range": "45-54",
        "segment": "Loyal regulars",
        "story": (
            "Irina has been a member of the loyalty programme for six years. She reads every "
            "newsletter, answers the surveys and recommends the shop to her colleagues. She "
            "expects to be recognised as a regular, in the app and at the counter alike."
        ),
        "characteristics": "Reads newsletters from start to finish.\nAnswers feedback surveys.\nPrefers to talk to staff in person.",
        "goals": "Be recognised and rewarded for her loyalty.\nHear about new collections before others.",
        "frustrations": "Generic offers that ignore her history.\nHaving to repeat her story to each new agent.",
        "needs": "Personal offers based on her wish-list.\nOne consistent experience in store and online.",
        "quote": "I have shopped here for years. It would be nice if the shop remembered that.",
        "channels": ["E-mail", "Store", "Mobile app", "Phone", "Survey"],
    },
]

# Stage positions of the default template: 0 Awareness, 1 Consideration,
# 2 Purchase, 3 Post-purchase, 4 Loyalty.
TOUCHPOINTS = [
    # Awareness
    {
        "stage": 0,
        "title": "Promotional e-mail: spring kitchen sale",
        "channel": "E-mail",
        "personas": ["agnieszka", "irina"],
        "owner": "tomasz",
        "emotion": 0,
        "does": "Opens the e-mail, scrolls to the discounts.",
        "thinks": "Is this a real discount or last month's price?",
        "feels": "Curious but sceptical.",
        "pain_points": "The subject line looks like every other promotion.",
        "opportunities": "Personalise the offer with the customer's wish-list.",
    },
    {
        "stage": 0,
        "title": "Social media post from the brand",
        "channel": "Social media",
        "personas": ["seoyeon", "agnieszka"],
        "owner": "mina",
        "emotion": 1,
        "does": "Sees a short video of the kettle in a small flat.",
        "thinks": "That would fit on my counter.",
        "feels": "Inspired.",
        "pain_points": "The post has no link to the product page.",
        "opportunities": "Tag products in posts; answer comments within the hour.",
    },
    {
        "stage": 0,
        "title": "Word of mouth from a colleague",
        "channel": "Word of mouth",
        "personas": ["seoyeon"],
        "owner": "mina",
        "emotion": 1,
        "does": "Hears a colleague praise the shop's click & collect.",
        "thinks": "If she likes it, it is probably fine.",
        "feels": "Reassured.",
        "pain_points": "We cannot see or measure this touchpoint.",
        "opportunities": "A referral code that rewards both people.",
    },
    {
        "stage": 0,
        "title": "Search engine results",
        "channel": "Search engine",
        "personas": ["seoyeon", "agnieszka"],
        "owner": "tomasz",
        "emotion": 0,
        "does": "Searches for 'quiet electric kettle 1.7 l'.",
        "thinks": "Which of these shops is trustworthy?",
        "feels": "Overwhelmed by the ads.",
        "pain_points": "Our product pages rank below marketplaces.",
        "opportunities": "Structured data with price and stock per store.",
    },
    # Consideration
    {
        "stage": 1,
        "title": "Product page and reviews",
        "channel": "Website",
        "personas": ["seoyeon"],
        "owner": "tomasz",
        "emotion": 1,
        "does": "Reads the specifications and the 1-star reviews first.",
        "thinks": "How loud is it really?",
        "feels": "Interested.",
        "pain_points": "Noise level and cable length are missing.",
        "opportunities": "Complete the specifications; answer questions under the reviews.",
    },
    {
        "stage": 1,
        "title": "Comparing prices and promotions",
        "channel": "Website",
        "personas": ["agnieszka"],
        "owner": "tomasz",
        "emotion": -1,
        "does": "Compares three shops in three tabs.",
        "thinks": "Does the coupon work with the sale price?",
        "feels": "Annoyed by the conditions.",
        "pain_points": "Promotion rules are hidden in a PDF.",
        "opportunities": "Show the final price with the coupon applied.",
    },
    {
        "stage": 1,
        "title": "Chatbot question about stock",
        "channel": "Chat / chatbot",
        "personas": ["seoyeon"],
        "owner": "mina",
        "emotion": -1,
        "does": "Asks the chatbot whether the store near her office has it.",
        "thinks": "Just give me a yes or no.",
        "feels": "Frustrated.",
        "pain_points": "The bot only links to the store locator.",
        "opportunities": "Connect the chatbot to live store stock; hand over to a person.",
    },
    {
        "stage": 1,
        "title": "Store visit to see the product",
        "channel": "Store",
        "personas": ["agnieszka", "irina"],
        "owner": "demo",
        "emotion": 1,
        "does": "Holds the kettle, asks a salesperson about the warranty.",
        "thinks": "The staff here know their products.",
        "feels": "Confident.",
        "pain_points": "Staff knowledge varies from store to store.",
        "opportunities": "Short product training for staff before each season.",
    },
    # Purchase
    {
        "stage": 2,
        "title": "Online store checkout",
        "channel": "Website",
        "personas": ["seoyeon", "agnieszka"],
        "owner": "tomasz",
        "emotion": -1,
        "does": "Fills in the address, chooses delivery or pickup, pays.",
        "thinks": "Why is there a delivery fee now?",
        "feels": "Cheated by the late surprise.",
        "pain_points": "Delivery costs appear only at the last step; guest checkout is hidden.",
        "opportunities": "Show delivery costs on the product page; one-page guest checkout.",
    },
    {
        "stage": 2,
        "title": "Paying at the store counter",
        "channel": "Store",
        "personas": ["irina"],
        "owner": "demo",
        "emotion": 0,
        "does": "Queues, shows her loyalty card, pays by card.",
        "thinks": "I hope the points are added this time.",
        "feels": "Patient.",
        "pain_points": "Long queue at lunchtime; points sometimes missing.",
        "opportunities": "Mobile payment from the app, points shown on the receipt.",
    },
    {
        "stage": 2,
        "title": "Order confirmation e-mail",
        "channel": "E-mail",
        "personas": ["seoyeon", "agnieszka", "irina"],
        "owner": "tomasz",
        "emotion": 1,
        "does": "Checks the order summary and the pickup time.",
        "thinks": "Good, it's confirmed.",
        "feels": "Relieved.",
        "pain_points": "The e-mail does not say which documents to bring for pickup.",
        "opportunities": "Add the pickup code and a map of the store.",
    },
    # Post-purchase
    {
        "stage": 3,
        "title": "Click & collect pickup",
        "channel": "Store",
        "personas": ["seoyeon"],
        "owner": "demo",
        "emotion": -1,
        "does": "Goes to the pickup desk after work.",
        "thinks": "It says 'ready', so why am I waiting?",
        "feels": "Impatient.",
        "pain_points": "One person at the pickup desk at 6 pm.",
        "opportunities": "Pickup lockers; staff the desk at peak hours.",
    },
    {
        "stage": 3,
        "title": "Home delivery",
        "channel": "Delivery",
        "personas": ["agnieszka"],
        "owner": "tomasz",
        "emotion": -2,
        "does": "Waits at home for the courier.",
        "thinks": "I took the afternoon off for this.",
        "feels": "Angry.",
        "pain_points": "No tracking link; the delivery window is a whole day.",
        "opportunities": "Two-hour delivery slots with live tracking.",
    },
    {
        "stage": 3,
        "title": "Post-purchase e-mail survey",
        "channel": "Survey",
        "personas": ["seoyeon", "agnieszka", "irina"],
        "owner": "mina",
        "emotion": 0,
        "does": "Answers a five-question survey a week after buying.",
        "thinks": "Will anyone read this?",
        "feels": "Neutral.",
        "pain_points": "Nobody follows up on negative answers.",
        "opportunities": "Reply to every low score within two days; ask one open question.",
    },
    {
        "stage": 3,
        "title": "Returns in store",
        "channel": "Store",
        "personas": ["agnieszka"],
        "owner": "demo",
        "emotion": -2,
        "does": "Brings back a second kettle ordered by mistake.",
        "thinks": "Why do I need to fill in a form by hand?",
        "feels": "Tired.",
        "pain_points": "Paper forms; the refund takes ten days.",
        "opportunities": "Record what went wrong at each return; instant refund to the card.",
    },
    {
        "stage": 3,
        "title": "Customer service call",
        "channel": "Phone",
        "personas": ["irina"],
        "owner": "mina",
        "emotion": -1,
        "does": "Calls about missing loyalty points.",
        "thinks": "I have explained this twice already.",
        "feels": "Unrecognised.",
        "pain_points": "Agents cannot see earlier conversations.",
        "opportunities": "One customer history shared by store, phone and chat.",
    },
    # Loyalty
    {
        "stage": 4,
        "title": "Monthly newsletter",
        "channel": "E-mail",
        "personas": ["irina"],
        "owner": "mina",
        "emotion": 2,
        "does": "Reads the newsletter with recipes and new arrivals.",
        "thinks": "They know what I like.",
        "feels": "Valued.",
        "pain_points": "Sent too often during sales weeks.",
        "opportunities": "Let subscribers choose the frequency.",
    },
    {
        "stage": 4,
        "title": "Loyalty programme points",
        "channel": "Mobile app",
        "personas": ["irina", "agnieszka"],
        "owner": "tomasz",
        "emotion": 1,
        "does": "Checks her points in the app and redeems a coupon.",
        "thinks": "Almost enough for a free set of mugs.",
        "feels": "Motivated.",
        "pain_points": "Points expire without warning.",
        "opportunities": "A reminder a month before points expire.",
    },
    {
        "stage": 4,
        "title": "VIP early access to new collections",
        "channel": "Website",
        "personas": ["irina"],
        "owner": "demo",
        "emotion": 2,
        "does": "Orders from the new collection a day before everyone else.",
        "thinks": "This is why I stay with them.",
        "feels": "Special.",
        "pain_points": "The VIP page fails under load on launch day.",
        "opportunities": "Invite-only in-store evening for VIP members.",
    },
    {
        "stage": 4,
        "title": "Recommending the shop to friends",
        "channel": "Social media",
        "personas": ["seoyeon", "irina"],
        "owner": "mina",
        "emotion": 1,
        "does": "Shares a photo of her new kitchen corner and tags the shop.",
        "thinks": "My friends keep asking where I got it.",
        "feels": "Proud.",
        "pain_points": "The brand never replies to tags.",
        "opportunities": "Repost customer photos; thank ambassadors with early access.",
    },
]

# ---- Strategies -----------------------------------------------------------------------------------------------
# Article 000: write every strategy down, document its evolution with each new
# action, and train new collaborators from it. Each strategy below is created
# (revision #1, by `author`) and then changed in order; a change either edits
# the body (`replace`: (old, new) pairs applied to the current body, so the
# history's diff shows exactly that), the title or the status, `retire`s it, or
# `restore`s an earlier revision. Scope: no key = the whole map, `stage` = a
# stage name, `touchpoint` = a touchpoint title above (missing ones fall back
# to the map, as the app does when a card is deleted).

# The map's text lanes, one text per stage (Awareness to Loyalty). "Customer actions" comes with the
# map's template; the others are added after the touchpoints lane, as a service blueprint would.
TEXT_LANES = [
    (
        "Customer actions",
        [
            'Notices the old kettle leaking; searches **"quiet kettle"** on the phone; sees the spring sale e-mail.',
            "Reads reviews, compares three shops, asks the chatbot whether the store nearby has it.",
            "Orders online for pickup, or pays at the counter with the app coupon.",
            "Picks up or receives the kettle, uses it, answers (or ignores) the survey.",
            "Buys descaler and a teapot; tells a friend; joins the loyalty programme.",
        ],
    ),
    (
        "Backstage",
        [
            "Marketing plans the spring campaign; the web team keeps product pages in stock sync.",
            "Store staff answer chatbot hand-overs; the content team replies to reviews within a day.",
            "The warehouse reserves the item for pickup; the till reads the online coupon.",
            "Delivery partner sends tracking; service calls back within three days after large orders.",
            "CRM segments regulars; the loyalty team plans member offers every quarter.",
        ],
    ),
    (
        "Support systems",
        [
            "Ad platform, e-mail tool, search console.",
            "Product catalogue, stock service (refreshed every 5 minutes), chatbot.",
            "Web shop checkout, store tills, app wallet.",
            "Order tracking, survey tool, service desk.",
            "CRM, loyalty programme, app notifications.",
        ],
    ),
]

STRATEGIES = [
    {
        "key": "omnichannel",
        "title": "Omnichannel: one price and one stock view on web, app and store",
        "status": StrategyStatus.ACTIVE,
        "owner": "demo",
        "author": "demo",
        "note": "First version, agreed at the kick-off workshop with the store managers.",
        "body": (
            "### One shop, whatever the door\n\n"
            "Seo-yeon checks the stock on her phone before she walks in; Agnieszka compares our web price "
            "with the shelf label. When the two differ we lose the sale *and* the trust: customers expect "
            "one consistent experience on the web and in the store.\n\n"
            "- One price list for the web shop, the app and the twelve stores, published overnight.\n"
            "- Stock per store on every product page and in the app, refreshed every 15 minutes.\n"
            "- At the counter, staff see the customer's online orders and wish-list.\n\n"
            "Plan and owners per store: [omnichannel roll-out](https://wiki.hanbit.example/omnichannel/rollout)"
        ),
        "changes": [
            {
                "author": "tomasz",
                "note": "Stock now refreshes every 5 minutes: the 15-minute delay sent 40 customers to an empty shelf in March.",
                "replace": [("refreshed every 15 minutes", "refreshed every 5 minutes")],
            },
            {
                "author": "mina",
                "note": "Added the chatbot: it now answers from the same stock view as the product page.",
                "replace": [
                    (
                        "- At the counter,",
                        "- The chatbot answers stock questions from the same view, never from a copy.\n- At the counter,",
                    )
                ],
            },
        ],
    },
    {
        "key": "feedback",
        "title": "Feedback loop: e-mail survey a week after every purchase",
        "status": StrategyStatus.ACTIVE,
        "owner": "mina",
        "author": "mina",
        "note": "Written down after the March survey review, so the loop survives staff changes.",
        "body": (
            "### Ask, answer, change the map\n\n"
            "Encourage feedback and use it: a survey nobody answers back is worse than none.\n\n"
            "1. A five-question e-mail survey goes out seven days after delivery or pickup.\n"
            "2. Every score of 1 or 2 gets a personal reply within two working days.\n"
            "3. Each month the three most frequent complaints become pain points on this map.\n\n"
            "Results: [post-purchase survey dashboard](https://analytics.hanbit.example/dashboards/post-purchase-survey)"
        ),
        "changes": [
            {
                "author": "demo",
                "note": "Added one open question: the scores alone never said why.",
                "replace": [
                    (
                        "A five-question e-mail survey",
                        (
                            "A five-question e-mail survey, ending with one open question "
                            '("What almost stopped you from buying?"),'
                        ),
                    )
                ],
            },
        ],
    },
    {
        "key": "awareness",
        "title": "Be found where the research starts",
        "stage": "Awareness",
        "persona": "seoyeon",
        "status": StrategyStatus.ACTIVE,
        "owner": "tomasz",
        "author": "tomasz",
        "note": "First version, from the search audit.",
        "body": (
            "### 81% of buyers start online\n\n"
            "Seo-yeon decides on the subway, long before she sees a store. If she cannot find us there, "
            "she assumes we do not have it.\n\n"
            "- Structured data with price and stock per store on every product page.\n"
            "- Complete specifications first: noise level, capacity, cable length.\n"
            "- Answer questions under the reviews within one working day.\n\n"
            "Background: [search audit, spring](https://wiki.hanbit.example/marketing/search-audit)"
        ),
        "changes": [
            {
                "author": "mina",
                "note": "Added product tags on social posts: the spring kettle video got 300 comments but no clicks.",
                "replace": [
                    (
                        "- Answer questions",
                        "- Tag the products in every social post, linking to the product page.\n- Answer questions",
                    )
                ],
            },
        ],
    },
    {
        "key": "promo_email",
        "title": "Promotional e-mail: a personal offer from the wish-list",
        "touchpoint": "Promotional e-mail: spring kitchen sale",
        "persona": "agnieszka",
        "status": StrategyStatus.ACTIVE,
        "owner": "tomasz",
        "author": "tomasz",
        "note": "First version for the spring kitchen sale.",
        "body": (
            "### Stay present without becoming annoying\n\n"
            "Agnieszka opens our e-mails but distrusts discounts that look like every other promotion.\n\n"
            "- The subject line names an item from the customer's wish-list.\n"
            "- The price shown is the final price, with the coupon already applied.\n"
            "- Sent on Tuesday at 10:00.\n\n"
            "Template and segments: [spring sale brief](https://wiki.hanbit.example/campaigns/spring-kitchen-sale)"
        ),
        "changes": [
            {
                "author": "mina",
                "note": "At most one promotional e-mail a week: unsubscribes doubled during the February sale.",
                "replace": [
                    ("- Sent on Tuesday", "- At most one promotional e-mail a week per customer.\n- Sent on Tuesday")
                ],
            },
        ],
    },
    {
        "key": "chatbot",
        "title": "Chatbot: a straight answer about stock",
        "touchpoint": "Chatbot question about stock",
        "persona": "seoyeon",
        "status": StrategyStatus.ACTIVE,
        "owner": "mina",
        "author": "mina",
        "note": "First version, after the chat transcripts review.",
        "body": (
            "### Yes or no, then a person\n\n"
            "Seo-yeon asks one question: does the store near her office have it? The bot must answer it.\n\n"
            '- Answer from live store stock: "Yes, 4 left at the Gangnam store", with a *Reserve* button.\n'
            "- Offer click & collect when the nearest store has none.\n"
            "- Hand over to a person after two questions the bot could not answer.\n\n"
            "Transcripts and scores: [chat review](https://wiki.hanbit.example/service/chat-review)"
        ),
        "changes": [
            {
                "author": "tomasz",
                "note": "Trial: hand over only on request, to shorten the agents' queue.",
                "replace": [
                    (
                        "Hand over to a person after two questions the bot could not answer.",
                        'Hand over to a person only when the customer types "agent".',
                    )
                ],
            },
            {
                "author": "mina",
                "note": 'Back to revision 1: in the trial customers left before typing "agent" and chat satisfaction fell from 4.1 to 3.2.',
                "restore": 1,
            },
        ],
    },
    {
        "key": "checkout",
        "title": "Checkout without surprises",
        "stage": "Purchase",
        "persona": "agnieszka",
        "status": StrategyStatus.ACTIVE,
        "owner": "tomasz",
        "author": "tomasz",
        "note": "First version, from the checkout drop-off analysis.",
        "body": (
            "### Show me the final price first\n\n"
            "Half of the abandoned baskets leave at the delivery step, when the fee appears.\n\n"
            "- Delivery costs on the product page, not at the last step.\n"
            "- Guest checkout on one page; an account is offered after payment.\n"
            "- The confirmation e-mail carries the pickup code and a map of the store.\n\n"
            "Figures: [checkout funnel](https://analytics.hanbit.example/dashboards/checkout-funnel)"
        ),
        "changes": [
            {
                "author": "demo",
                "note": "Added paying with the app at the counter, so loyalty points are never missing from the receipt.",
                "replace": [
                    (
                        "- The confirmation e-mail",
                        "- In store, pay with the app: the points appear on the receipt.\n- The confirmation e-mail",
                    )
                ],
            },
        ],
    },
    {
        "key": "delivery",
        "title": "Home delivery: two-hour slots with live tracking",
        "touchpoint": "Home delivery",
        "persona": "agnieszka",
        "status": StrategyStatus.DRAFT,
        "owner": "tomasz",
        "author": "tomasz",
        "note": "Proposal, waiting for the new courier contract.",
        "body": (
            "### Nobody should take an afternoon off for a kettle\n\n"
            "Our worst-rated touchpoint: a whole-day window and no tracking link.\n\n"
            "- Two-hour delivery slots chosen at checkout.\n"
            "- A live tracking link by text message when the courier leaves the depot.\n"
            "- Free re-delivery when the slot is missed on our side.\n\n"
            "Courier offers compared: [delivery tender](https://wiki.hanbit.example/logistics/delivery-tender)"
        ),
        "changes": [
            {
                "author": "mina",
                "note": "Added an evening slot, the one working parents asked for most in the survey.",
                "replace": [
                    (
                        "- Two-hour delivery slots chosen at checkout.",
                        "- Two-hour delivery slots chosen at checkout, including 18:00-20:00.",
                    )
                ],
            },
        ],
    },
    {
        "key": "thank_you_call",
        "title": "Thank-you call after every order over 500 zł",
        "stage": "Post-purchase",
        "persona": "irina",
        "status": StrategyStatus.ACTIVE,
        "owner": "demo",
        "author": "demo",
        "note": "Pilot in the Kraków stores.",
        "body": (
            "### Keep the relationship open after the sale\n\n"
            "The post-purchase stage is where the relationship is kept going, or lost.\n\n"
            "- A store employee calls within three days of a large order.\n"
            "- They ask whether everything arrived and note any problem on the customer's record.\n\n"
            "Call script: [thank-you call](https://wiki.hanbit.example/service/thank-you-call)"
        ),
        "changes": [
            {
                "author": "mina",
                "note": "Retired: customers found the calls intrusive; the e-mail survey now covers the same questions.",
                "retire": True,
            },
        ],
    },
    {
        "key": "loyalty",
        "title": "Recognise regulars in every channel",
        "stage": "Loyalty",
        "persona": "irina",
        "status": StrategyStatus.ACTIVE,
        "owner": "demo",
        "author": "demo",
        "note": "First version, from the interviews with loyalty members.",
        "body": (
            "### It would be nice if the shop remembered\n\n"
            "Irina has been a member for six years; she should never have to repeat her story.\n\n"
            "- Offers built from the wish-list and purchase history, never generic.\n"
            "- VIP members order new collections a day before everyone else.\n"
            "- Ask happy regulars for a referral; both people get a reward.\n\n"
            "Programme rules: [loyalty handbook](https://wiki.hanbit.example/loyalty/handbook)"
        ),
        "changes": [
            {
                "author": "mina",
                "note": "Added the invite-only evening in store for VIP members; the first one is in May.",
                "replace": [
                    (
                        "- Ask happy regulars",
                        "- An invite-only evening in store for VIP members each season.\n- Ask happy regulars",
                    )
                ],
            },
            {
                "author": "tomasz",
                "note": "Referral reward set at 5,000 points each, the most the budget allows this year.",
                "replace": [("both people get a reward.", "both people get 5,000 points.")],
            },
        ],
    },
    {
        "key": "points",
        "title": "Loyalty points never expire unnoticed",
        "touchpoint": "Loyalty programme points",
        "persona": "irina",
        "status": StrategyStatus.ACTIVE,
        "owner": "tomasz",
        "author": "tomasz",
        "note": "First version, after the complaints about expired points.",
        "body": (
            "### Points are a promise\n\n"
            "Points that expire without warning turn our best customers into complaints.\n\n"
            "- A reminder in the app and by e-mail a month before points expire.\n"
            "- Points shown on every receipt, in store and online.\n"
            "- Redeem in the app or at the counter, with the same balance.\n\n"
            "Expiry figures: [loyalty dashboard](https://analytics.hanbit.example/dashboards/loyalty)"
        ),
        "changes": [
            {
                "author": "demo",
                "note": "A second reminder a week before expiry: most expired points had been reminded only once.",
                "replace": [("a month before points expire.", "a month and again a week before points expire.")],
            },
        ],
    },
]

# Who has read the guide, in this order, and how many of its first stages.
# Mina has finished it; the viewer (the read-only demo login) is two stages in.
GUIDE_READERS = [("mina", 5), ("viewer", 2)]

# Changes made after those reads: the guide asks both readers to read the stage
# again (the promotional e-mail is an Awareness touchpoint).
CHANGES_AFTER_READING = [
    {
        "strategy": "promo_email",
        "author": "tomasz",
        "note": "Moved the send time to Thursday after the open-rate test: 31% opened on Thursday evening against 22% on Tuesday morning.",
        "replace": [("Sent on Tuesday at 10:00.", "Sent on Thursday at 18:00.")],
    },
]

# -- metrics: six months of readings, oldest first, ending with the month before the demo is seeded ------------
# The demo keeps its money in złoty, as its strategies do ("every order over 500 zł").
CURRENCY = "PLN"
CARD_METRIC = "CSAT"
# card title -> {metric name: six monthly values}
TOUCHPOINT_READINGS = {
    "Promotional e-mail: spring kitchen sale": {
        "CSAT": [3.4, 3.5, 3.5, 3.7, 3.9, 4.1],
        "Open rate": [22, 22, 24, 26, 29, 31],
    },
    "Social media post from the brand": {"CSAT": [3.9, 4.0, 4.0, 4.1, 4.2, 4.2]},
    "Search engine results": {
        "CSAT": [3.6, 3.6, 3.7, 3.8, 3.8, 3.9],
        "Conversion rate": [1.8, 1.9, 2.0, 2.1, 2.3, 2.4],
    },
    "Product page and reviews": {
        "CSAT": [4.0, 4.1, 4.1, 4.2, 4.3, 4.4],
        "Conversion rate": [2.6, 2.7, 2.9, 3.0, 3.2, 3.4],
    },
    "Comparing prices and promotions": {"CSAT": [3.1, 3.0, 3.2, 3.3, 3.3, 3.4]},
    "Chatbot question about stock": {"CSAT": [2.4, 2.5, 2.6, 2.6, 2.8, 2.9], "CES": [3.1, 3.2, 3.4, 3.5, 3.7, 3.9]},
    "Store visit to see the product": {"CSAT": [4.2, 4.3, 4.3, 4.4, 4.4, 4.5]},
    "Online store checkout": {"CSAT": [3.0, 3.1, 3.1, 3.3, 3.4, 3.6], "Drop-off rate": [58, 55, 52, 47, 44, 41]},
    "Paying at the store counter": {"CSAT": [4.1, 4.1, 4.2, 4.2, 4.1, 4.3]},
    "Click & collect pickup": {"CSAT": [4.3, 4.4, 4.4, 4.5, 4.6, 4.6]},
    "Home delivery": {"CSAT": [3.2, 3.3, 3.3, 3.5, 3.6, 3.7], "CES": [4.2, 4.3, 4.5, 4.6, 4.8, 5.0]},
    "Post-purchase e-mail survey": {"CSAT": [3.8, 3.9, 3.9, 4.0, 4.0, 4.1]},
    "Returns in store": {"CSAT": [2.9, 3.0, 3.0, 3.1, 3.3, 3.4]},
    "Customer service call": {"CSAT": [3.0, 2.9, 3.1, 3.2, 3.4, 3.5], "CES": [3.8, 3.9, 4.0, 4.2, 4.4, 4.6]},
    "Monthly newsletter": {"CSAT": [3.7, 3.7, 3.8, 3.8, 3.9, 3.9], "Open rate": [18, 19, 19, 20, 21, 22]},
    "Loyalty programme points": {"CSAT": [3.5, 3.5, 3.6, 3.8, 3.9, 4.0]},
}
# stage index -> {metric name: six monthly values}
STAGE_READINGS = {
    0: {"Open rate": [21, 21, 23, 25, 27, 29]},
    1: {"Conversion rate": [2.1, 2.2, 2.3, 2.5, 2.7, 2.9], "CSAT": [3.5, 3.5, 3.6, 3.7, 3.8, 3.9]},
    2: {"Drop-off rate": [57, 55, 51, 48, 45, 42], "Conversion rate": [2.4, 2.5, 2.7, 2.8, 3.0, 3.1]},
    3: {"CES": [3.9, 4.0, 4.2, 4.4, 4.6, 4.8], "CSAT": [3.3, 3.4, 3.4, 3.6, 3.7, 3.8]},
    4: {"NPS": [12, 14, 17, 21, 24, 28]},
}
# channel -> (monthly cost, monthly revenue, monthly conversions) at the start, and their growth per month
CHANNEL_FIGURES = {
    "E-mail": ((4_000, 21_000, 140), (0.00, 0.06, 0.05)),
    "Social media": ((9_000, 16_000, 95), (0.02, 0.04, 0.04)),
    "Search engine": ((12_000, 38_000, 240), (0.01, 0.03, 0.03)),
    "Advertising": ((18_000, 15_000, 80), (0.00, 0.01, 0.01)),
    "Mobile app": ((6_000, 19_000, 150), (0.00, 0.05, 0.06)),
    "Store": ((30_000, 96_000, 610), (0.00, 0.01, 0.01)),
    "Chat / chatbot": ((2_500, 1_800, 12), (0.00, 0.02, 0.03)),
}
MONTHS_OF_READINGS = 6

# -- customer evidence: what customers said or did, behind the cards -------------------------------------------
# (kind, text, source, days ago, rating on 1-5 or None, persona key or None, card titles, stage indexes,
#  the card pain point it backs or "", quoted on the map)
EVIDENCE = [
    (
        "survey",
        "The sale e-mail looked like every other one, I deleted it without opening.",
        "Post-purchase survey",
        12,
        2,
        "agnieszka",
        ["Promotional e-mail: spring kitchen sale"],
        [],
        "The subject line looks like every other promotion.",
        True,
    ),
    (
        "analytics",
        "Open rate rose from 22% to 31% after the subject lines named the product.",
        "E-mail tool report",
        20,
        None,
        None,
        ["Promotional e-mail: spring kitchen sale"],
        [],
        "",
        False,
    ),
    (
        "social",
        "Love this kettle video! Where can I buy it?? No link anywhere",
        "Instagram comment",
        9,
        None,
        "seoyeon",
        ["Social media post from the brand"],
        [],
        "The post has no link to the product page.",
        True,
    ),
    (
        "social",
        "Saw it on your reel, found it on a marketplace instead.",
        "Instagram DM",
        30,
        None,
        None,
        ["Social media post from the brand"],
        [],
        "The post has no link to the product page.",
        False,
    ),
    (
        "interview",
        "My colleague told me about click & collect, that is why I tried you.",
        "Customer interview",
        40,
        None,
        "seoyeon",
        ["Word of mouth from a colleague"],
        [0],
        "",
        False,
    ),
    (
        "analytics",
        "81% of visitors arrive from search; our product page ranks below two marketplaces.",
        "Search console",
        25,
        None,
        None,
        ["Search engine results"],
        [0],
        "Our product pages rank below marketplaces.",
        False,
    ),
    (
        "review",
        "Great kettle but the page did not say how loud it is. I had to ask in the shop.",
        "Product review",
        15,
        3,
        "irina",
        ["Product page and reviews"],
        [],
        "Noise level and cable length are missing.",
        True,
    ),
    (
        "review",
        "Cable is too short for my counter, wish I had known.",
        "Product review",
        33,
        2,
        "agnieszka",
        ["Product page and reviews"],
        [],
        "Noise level and cable length are missing.",
        False,
    ),
    (
        "review",
        "Reviews helped me choose, five stars for honest photos.",
        "Product review",
        5,
        5,
        "seoyeon",
        ["Product page and reviews"],
        [],
        "",
        False,
    ),
    (
        "survey",
        "I could not understand which promotion applied, the rules were in a PDF.",
        "Post-purchase survey",
        18,
        2,
        "irina",
        ["Comparing prices and promotions"],
        [],
        "Promotion rules are hidden in a PDF.",
        False,
    ),
    (
        "ticket",
        "Chatbot sent me to the store locator three times when I asked about stock.",
        "Ticket 4821",
        6,
        1,
        "seoyeon",
        ["Chatbot question about stock"],
        [],
        "The bot only links to the store locator.",
        True,
    ),
    (
        "ticket",
        "Is the kettle in stock in Gangnam? The bot could not say.",
        "Ticket 4877",
        3,
        2,
        None,
        ["Chatbot question about stock"],
        [],
        "The bot only links to the store locator.",
        False,
    ),
    (
        "survey",
        "The bot was fast but useless for stock questions.",
        "Chat survey",
        14,
        2,
        None,
        ["Chatbot question about stock"],
        [],
        "The bot only links to the store locator.",
        False,
    ),
    (
        "interview",
        "The assistant in one store knew everything, in the other nobody knew the model.",
        "Store visit interview",
        45,
        3,
        "irina",
        ["Store visit to see the product"],
        [],
        "Staff knowledge varies from store to store.",
        False,
    ),
    (
        "review",
        "Touching the product in the store convinced me.",
        "Store review",
        22,
        5,
        "irina",
        ["Store visit to see the product"],
        [1],
        "",
        True,
    ),
    (
        "survey",
        "Delivery cost appeared at the very end, I almost left.",
        "Checkout exit survey",
        8,
        2,
        "agnieszka",
        ["Online store checkout"],
        [2],
        "Delivery costs appear only at the last step; guest checkout is hidden.",
        True,
    ),
    (
        "analytics",
        "41% of carts are abandoned on the delivery step; 58% six months ago.",
        "Web analytics",
        10,
        None,
        None,
        ["Online store checkout"],
        [2],
        "",
        False,
    ),
    (
        "survey",
        "Waited 15 minutes at lunchtime and my points were not added.",
        "Store survey",
        11,
        2,
        "irina",
        ["Paying at the store counter"],
        [],
        "Long queue at lunchtime; points sometimes missing.",
        False,
    ),
    (
        "ticket",
        "Which ID do I need to pick up the order? The e-mail does not say.",
        "Ticket 4790",
        19,
        None,
        "seoyeon",
        ["Order confirmation e-mail"],
        [],
        "The e-mail does not say which documents to bring for pickup.",
        False,
    ),
    (
        "review",
        "Pickup was ready in an hour, brilliant.",
        "Google review",
        4,
        5,
        "seoyeon",
        ["Click & collect pickup"],
        [3],
        "",
        True,
    ),
    (
        "survey",
        "Only one person at the pickup desk at 6 pm, long wait.",
        "Pickup survey",
        16,
        3,
        "agnieszka",
        ["Click & collect pickup"],
        [],
        "One person at the pickup desk at 6 pm.",
        False,
    ),
    (
        "ticket",
        "I waited at home all day for the delivery, no tracking link.",
        "Ticket 4701",
        21,
        1,
        "irina",
        ["Home delivery"],
        [3],
        "No tracking link; the delivery window is a whole day.",
        True,
    ),
    (
        "survey",
        "The courier called ahead, very polite.",
        "Delivery survey",
        7,
        4,
        "agnieszka",
        ["Home delivery"],
        [],
        "",
        False,
    ),
    (
        "survey",
        "I answered the survey with complaints and nobody contacted me.",
        "Post-purchase survey",
        13,
        1,
        "irina",
        ["Post-purchase e-mail survey"],
        [],
        "Nobody follows up on negative answers.",
        False,
    ),
    (
        "interview",
        "Returning the kettle meant paper forms and ten days for the refund.",
        "Customer interview",
        28,
        2,
        "irina",
        ["Returns in store"],
        [3],
        "Paper forms; the refund takes ten days.",
        False,
    ),
    (
        "ticket",
        "I had to explain my problem again to a second agent.",
        "Ticket 4733",
        17,
        2,
        "agnieszka",
        ["Customer service call"],
        [],
        "Agents cannot see earlier conversations.",
        False,
    ),
    (
        "survey",
        "Too many newsletters during the sale week, I unsubscribed.",
        "Unsubscribe survey",
        26,
        2,
        "seoyeon",
        ["Monthly newsletter"],
        [],
        "Sent too often during sales weeks.",
        False,
    ),
    (
        "ticket",
        "My points expired and I never got a warning.",
        "Ticket 4650",
        35,
        1,
        "agnieszka",
        ["Loyalty programme points"],
        [4],
        "Points expire without warning.",
        True,
    ),
    (
        "social",
        "VIP launch page crashed again, so much for early access.",
        "Twitter post",
        24,
        None,
        "irina",
        ["VIP early access to new collections"],
        [],
        "The VIP page fails under load on launch day.",
        False,
    ),
    (
        "survey",
        "I would recommend you to friends: 9 out of 10.",
        "NPS survey",
        2,
        5,
        "seoyeon",
        ["Recommending the shop to friends"],
        [4],
        "",
        True,
    ),
]

# -- opportunities: what the team could improve, in several statuses ------------------------------------------
# (title, description, card titles, stage indexes, pain points, impact, effort, confidence %, reach a month,
#  status, owner, days until the target date or None, title of the strategy that carries it out or "")
OPPORTUNITIES = [
    (
        "Connect the chatbot to live store stock",
        "Answer “is it in stock near me?” in the chat instead of linking to the locator.",
        ["Chatbot question about stock"],
        [1],
        ["The bot only links to the store locator."],
        5,
        3,
        100,
        4200,
        "in_progress",
        "mina",
        30,
        "Chatbot: a straight answer about stock",
    ),
    (
        "Show delivery costs on the product page",
        "No surprise at the last checkout step; guest checkout visible from the start.",
        ["Online store checkout"],
        [2],
        ["Delivery costs appear only at the last step; guest checkout is hidden."],
        5,
        2,
        100,
        9800,
        "planned",
        "tomasz",
        45,
        "Checkout without surprises",
    ),
    (
        "Two-hour delivery slots with tracking",
        "",
        ["Home delivery"],
        [3],
        ["No tracking link; the delivery window is a whole day."],
        4,
        4,
        80,
        2600,
        "planned",
        "tomasz",
        90,
        "Home delivery: two-hour slots with live tracking",
    ),
    (
        "Warn before loyalty points expire",
        "An e-mail and an app notice a month before.",
        ["Loyalty programme points"],
        [4],
        ["Points expire without warning."],
        3,
        1,
        100,
        5100,
        "idea",
        "mina",
        None,
        "Loyalty points never expire unnoticed",
    ),
    (
        "Name the product in sale subject lines",
        "",
        ["Promotional e-mail: spring kitchen sale"],
        [0],
        ["The subject line looks like every other promotion."],
        3,
        1,
        100,
        30000,
        "done",
        "tomasz",
        None,
        "Promotional e-mail: a personal offer from the wish-list",
    ),
    (
        "Link products in social posts",
        "",
        ["Social media post from the brand"],
        [0],
        ["The post has no link to the product page."],
        2,
        1,
        80,
        12000,
        "idea",
        "mina",
        None,
        "",
    ),
    (
        "Digital returns with refunds in three days",
        "",
        ["Returns in store"],
        [3],
        ["Paper forms; the refund takes ten days."],
        4,
        5,
        50,
        600,
        "idea",
        "tomasz",
        None,
        "",
    ),
    (
        "A second person at the pickup desk after 5 pm",
        "",
        ["Click & collect pickup"],
        [3],
        ["One person at the pickup desk at 6 pm."],
        2,
        3,
        50,
        1500,
        "dropped",
        "mina",
        None,
        "",
    ),
]
