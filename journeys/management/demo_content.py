"""The demo workspace: three personas and a retail map, drawn from the seed articles.

Data only; `seed_demo` writes it through the services. Channel names are the
workspace's default channels (touchpoints.services.DEFAULT_CHANNELS, in English).
"""

WORKSPACE_NAME = "Demo: Hanbit Home & Living"
JOURNEY_TITLE = "Buying a new kettle: online and in store"
JOURNEY_DESCRIPTION = (
    "A home-goods retailer with a web shop, a mobile app and twelve stores. "
    "The map follows three customers from the first advert to the second purchase, "
    "to see which channels pay off and where the experience breaks "
    "(articles 000-004 of the seed material)."
)

# username -> (first name, last name, role); the demo owner and viewer log in,
# the two teammates only own touchpoints.
DEMO_PASSWORD = "demo-journeys"
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
            "value across three shops before she decides, as in the Polish article's "
            "'evaluation of alternatives' phase."
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
        "stage": 0, "title": "Promotional e-mail: spring kitchen sale", "channel": "E-mail",
        "personas": ["agnieszka", "irina"], "owner": "tomasz", "emotion": 0,
        "does": "Opens the e-mail, scrolls to the discounts.",
        "thinks": "Is this a real discount or last month's price?",
        "feels": "Curious but sceptical.",
        "pain_points": "The subject line looks like every other promotion.",
        "opportunities": "Personalise the offer with the customer's wish-list.",
    },
    {
        "stage": 0, "title": "Social media post from the brand", "channel": "Social media",
        "personas": ["seoyeon", "agnieszka"], "owner": "mina", "emotion": 1,
        "does": "Sees a short video of the kettle in a small flat.",
        "thinks": "That would fit on my counter.",
        "feels": "Inspired.",
        "pain_points": "The post has no link to the product page.",
        "opportunities": "Tag products in posts; answer comments within the hour.",
    },
    {
        "stage": 0, "title": "Word of mouth from a colleague", "channel": "Word of mouth",
        "personas": ["seoyeon"], "owner": "mina", "emotion": 1,
        "does": "Hears a colleague praise the shop's click & collect.",
        "thinks": "If she likes it, it is probably fine.",
        "feels": "Reassured.",
        "pain_points": "We cannot see or measure this touchpoint.",
        "opportunities": "A referral code that rewards both people.",
    },
    {
        "stage": 0, "title": "Search engine results", "channel": "Search engine",
        "personas": ["seoyeon", "agnieszka"], "owner": "tomasz", "emotion": 0,
        "does": "Searches for 'quiet electric kettle 1.7 l'.",
        "thinks": "Which of these shops is trustworthy?",
        "feels": "Overwhelmed by the ads.",
        "pain_points": "Our product pages rank below marketplaces.",
        "opportunities": "Structured data with price and stock per store.",
    },
    # Consideration
    {
        "stage": 1, "title": "Product page and reviews", "channel": "Website",
        "personas": ["seoyeon"], "owner": "tomasz", "emotion": 1,
        "does": "Reads the specifications and the 1-star reviews first.",
        "thinks": "How loud is it really?",
        "feels": "Interested.",
        "pain_points": "Noise level and cable length are missing.",
        "opportunities": "Complete the specifications; answer questions under the reviews.",
    },
    {
        "stage": 1, "title": "Comparing prices and promotions", "channel": "Website",
        "personas": ["agnieszka"], "owner": "tomasz", "emotion": -1,
        "does": "Compares three shops in three tabs.",
        "thinks": "Does the coupon work with the sale price?",
        "feels": "Annoyed by the conditions.",
        "pain_points": "Promotion rules are hidden in a PDF.",
        "opportunities": "Show the final price with the coupon applied.",
    },
    {
        "stage": 1, "title": "Chatbot question about stock", "channel": "Chat / chatbot",
        "personas": ["seoyeon"], "owner": "mina", "emotion": -1,
        "does": "Asks the chatbot whether the store near her office has it.",
        "thinks": "Just give me a yes or no.",
        "feels": "Frustrated.",
        "pain_points": "The bot only links to the store locator.",
        "opportunities": "Connect the chatbot to live store stock; hand over to a person.",
    },
    {
        "stage": 1, "title": "Store visit to see the product", "channel": "Store",
        "personas": ["agnieszka", "irina"], "owner": "demo", "emotion": 1,
        "does": "Holds the kettle, asks a salesperson about the warranty.",
        "thinks": "The staff here know their products.",
        "feels": "Confident.",
        "pain_points": "Staff knowledge varies from store to store.",
        "opportunities": "Short product training for staff before each season.",
    },
    # Purchase
    {
        "stage": 2, "title": "Online store checkout", "channel": "Website",
        "personas": ["seoyeon", "agnieszka"], "owner": "tomasz", "emotion": -1,
        "does": "Fills in the address, chooses delivery or pickup, pays.",
        "thinks": "Why is there a delivery fee now?",
        "feels": "Cheated by the late surprise.",
        "pain_points": "Delivery costs appear only at the last step; guest checkout is hidden.",
        "opportunities": "Show delivery costs on the product page; one-page guest checkout.",
    },
    {
        "stage": 2, "title": "Paying at the store counter", "channel": "Store",
        "personas": ["irina"], "owner": "demo", "emotion": 0,
        "does": "Queues, shows her loyalty card, pays by card.",
        "thinks": "I hope the points are added this time.",
        "feels": "Patient.",
        "pain_points": "Long queue at lunchtime; points sometimes missing.",
        "opportunities": "Mobile payment from the app, points shown on the receipt.",
    },
    {
        "stage": 2, "title": "Order confirmation e-mail", "channel": "E-mail",
        "personas": ["seoyeon", "agnieszka", "irina"], "owner": "tomasz", "emotion": 1,
        "does": "Checks the order summary and the pickup time.",
        "thinks": "Good, it's confirmed.",
        "feels": "Relieved.",
        "pain_points": "The e-mail does not say which documents to bring for pickup.",
        "opportunities": "Add the pickup code and a map of the store.",
    },
    # Post-purchase
    {
        "stage": 3, "title": "Click & collect pickup", "channel": "Store",
        "personas": ["seoyeon"], "owner": "demo", "emotion": -1,
        "does": "Goes to the pickup desk after work.",
        "thinks": "It says 'ready', so why am I waiting?",
        "feels": "Impatient.",
        "pain_points": "One person at the pickup desk at 6 pm.",
        "opportunities": "Pickup lockers; staff the desk at peak hours.",
    },
    {
        "stage": 3, "title": "Home delivery", "channel": "Delivery",
        "personas": ["agnieszka"], "owner": "tomasz", "emotion": -2,
        "does": "Waits at home for the courier.",
        "thinks": "I took the afternoon off for this.",
        "feels": "Angry.",
        "pain_points": "No tracking link; the delivery window is a whole day.",
        "opportunities": "Two-hour delivery slots with live tracking.",
    },
    {
        "stage": 3, "title": "Post-purchase e-mail survey", "channel": "Survey",
        "personas": ["seoyeon", "agnieszka", "irina"], "owner": "mina", "emotion": 0,
        "does": "Answers a five-question survey a week after buying.",
        "thinks": "Will anyone read this?",
        "feels": "Neutral.",
        "pain_points": "Nobody follows up on negative answers.",
        "opportunities": "Reply to every low score within two days; ask one open question.",
    },
    {
        "stage": 3, "title": "Returns in store", "channel": "Store",
        "personas": ["agnieszka"], "owner": "demo", "emotion": -2,
        "does": "Brings back a second kettle ordered by mistake.",
        "thinks": "Why do I need to fill in a form by hand?",
        "feels": "Tired.",
        "pain_points": "Paper forms; the refund takes ten days.",
        "opportunities": "Record what went wrong at each return; instant refund to the card.",
    },
    {
        "stage": 3, "title": "Customer service call", "channel": "Phone",
        "personas": ["irina"], "owner": "mina", "emotion": -1,
        "does": "Calls about missing loyalty points.",
        "thinks": "I have explained this twice already.",
        "feels": "Unrecognised.",
        "pain_points": "Agents cannot see earlier conversations.",
        "opportunities": "One customer history shared by store, phone and chat.",
    },
    # Loyalty
    {
        "stage": 4, "title": "Monthly newsletter", "channel": "E-mail",
        "personas": ["irina"], "owner": "mina", "emotion": 2,
        "does": "Reads the newsletter with recipes and new arrivals.",
        "thinks": "They know what I like.",
        "feels": "Valued.",
        "pain_points": "Sent too often during sales weeks.",
        "opportunities": "Let subscribers choose the frequency.",
    },
    {
        "stage": 4, "title": "Loyalty programme points", "channel": "Mobile app",
        "personas": ["irina", "agnieszka"], "owner": "tomasz", "emotion": 1,
        "does": "Checks her points in the app and redeems a coupon.",
        "thinks": "Almost enough for a free set of mugs.",
        "feels": "Motivated.",
        "pain_points": "Points expire without warning.",
        "opportunities": "A reminder a month before points expire.",
    },
    {
        "stage": 4, "title": "VIP early access to new collections", "channel": "Website",
        "personas": ["irina"], "owner": "demo", "emotion": 2,
        "does": "Orders from the new collection a day before everyone else.",
        "thinks": "This is why I stay with them.",
        "feels": "Special.",
        "pain_points": "The VIP page fails under load on launch day.",
        "opportunities": "Invite-only in-store evening for VIP members.",
    },
    {
        "stage": 4, "title": "Recommending the shop to friends", "channel": "Social media",
        "personas": ["seoyeon", "irina"], "owner": "mina", "emotion": 1,
        "does": "Shares a photo of her new kitchen corner and tags the shop.",
        "thinks": "My friends keep asking where I got it.",
        "feels": "Proud.",
        "pain_points": "The brand never replies to tags.",
        "opportunities": "Repost customer photos; thank ambassadors with early access.",
    },
]
