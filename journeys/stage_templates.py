"""Stage templates offered when a map is created, one per framework in the seed articles, and
a service blueprint.

Each stage comes with a short description, the customer's goal and the guiding
questions the team should answer (article 003); each template with the lanes its
maps start with. Texts are lazy translations: a map is created in the language of
the person who creates it. Lanes without a name show their kind's name in each
reader's own language.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import CardSplit, LaneKind, RollupField


@dataclass(frozen=True)
class TemplateStage:
    name: str
    description: str
    customer_goal: str
    questions: tuple[str, ...]

    @property
    def guiding_questions(self) -> str:
        return "\n".join(str(question) for question in self.questions)


@dataclass(frozen=True)
class TemplateLane:
    kind: str
    title: str = ""
    rollup_field: str = ""
    split_by: str = ""
    source: str = ""


# What a map shows unless its template says otherwise: the emotion curve, what the customer does,
# the cards, what goes wrong and what could be better, and the strategies of each stage.
STANDARD_LANES = (
    TemplateLane(LaneKind.CURVE),
    TemplateLane(LaneKind.TEXT, _("Customer actions")),
    TemplateLane(LaneKind.CARDS),
    TemplateLane(LaneKind.ROLLUP, rollup_field=RollupField.PAIN_POINTS),
    TemplateLane(LaneKind.ROLLUP, rollup_field=RollupField.OPPORTUNITIES),
    TemplateLane(LaneKind.APP, source="strategies"),
)
# A service blueprint: what the customer sees and does above the line of visibility, what the
# company does behind it.
BLUEPRINT_LANES = (
    TemplateLane(LaneKind.TEXT, _("Physical evidence")),
    TemplateLane(LaneKind.TEXT, _("Customer actions")),
    TemplateLane(LaneKind.CARDS, _("Frontstage interactions"), split_by=CardSplit.CHANNEL),
    TemplateLane(LaneKind.TEXT, _("Backstage actions")),
    TemplateLane(LaneKind.TEXT, _("Support processes")),
    TemplateLane(LaneKind.CURVE),
    TemplateLane(LaneKind.ROLLUP, rollup_field=RollupField.PAIN_POINTS),
    TemplateLane(LaneKind.APP, source="strategies"),
)


@dataclass(frozen=True)
class StageTemplate:
    key: str
    name: str
    description: str  # what kind of journey the template suits, for the template picker
    stages: tuple[TemplateStage, ...]
    lanes: tuple[TemplateLane, ...] = STANDARD_LANES

    @property
    def stage_names(self) -> str:
        return " → ".join(str(stage.name) for stage in self.stages)


AWARENESS_QUESTIONS = (
    _("How do buyers describe their goals or challenges?"),
    _("How do buyers learn about solutions to these goals or challenges?"),
    _("What are the consequences if the buyer does nothing?"),
    _("What common misconceptions do buyers have about solving this?"),
    _("How do buyers decide whether this should be a priority?"),
)
CONSIDERATION_QUESTIONS = (
    _("What categories of solutions do buyers look into?"),
    _("How do buyers educate themselves about those categories?"),
    _("How do buyers see the pros and cons of each category?"),
    _("How do buyers decide which category is right for them?"),
)
DECISION_QUESTIONS = (
    _("Which criteria do buyers use to judge the available offers?"),
    _("What do buyers like about our offer compared with the alternatives?"),
    _("What concerns do buyers have about our offer?"),
    _("Who else is involved in the decision, and how does each see it?"),
    _("What expectations or prerequisites exist before buying (trial, delivery, payment)?"),
)
POST_PURCHASE_QUESTIONS = (
    _("How do we help the customer get the most value from the purchase?"),
    _("How and how often do we keep in touch without becoming annoying?"),
    _("How do we collect feedback (surveys, e-mail, chat) and act on it?"),
    _("What would make the customer recommend us to others?"),
)
LOYALTY_QUESTIONS = (
    _("Why would the customer buy from us again?"),
    _("What do loyal customers receive that others do not (programme, VIP access)?"),
    _("How do we turn satisfied customers into ambassadors who recommend us?"),
    _("What would make a loyal customer leave?"),
)
ENGAGEMENT_QUESTIONS = (
    _("Which customer problems does our content address?"),
    _("Where do our customers gather (social platforms, communities)?"),
    _("Which promotions and content get them to interact with the brand?"),
    _("What do competitors offer them at this point?"),
)

AWARENESS = TemplateStage(
    _("Awareness"),
    _("The customer realises a need and first meets the brand, often through online research."),
    _("Understand the problem and find possible answers."),
    AWARENESS_QUESTIONS,
)
CONSIDERATION = TemplateStage(
    _("Consideration"),
    _("The customer compares options, prices, promotions and added value."),
    _("Find the option that fits best."),
    CONSIDERATION_QUESTIONS,
)
PURCHASE = TemplateStage(
    _("Purchase"),
    _("The customer buys: payment, pickup and delivery details make the difference."),
    _("Buy easily, safely and without surprises."),
    DECISION_QUESTIONS,
)
POST_PURCHASE = TemplateStage(
    _("Post-purchase"),
    _("Delivery and the first moments after buying; surveys and newsletters keep the relationship open."),
    _("Get the value promised and help when needed."),
    POST_PURCHASE_QUESTIONS,
)
LOYALTY = TemplateStage(
    _("Loyalty"),
    _("The customer buys again and recommends the brand; the relationship must be nurtured."),
    _("Keep getting value and be recognised as a regular."),
    LOYALTY_QUESTIONS,
)

TEMPLATES = (
    StageTemplate(
        "default",
        _("Retail journey (default)"),
        _("The classic retail journey, from first hearing of the brand to buying again"),
        (AWARENESS, CONSIDERATION, PURCHASE, POST_PURCHASE, LOYALTY),
    ),
    StageTemplate(
        "discovery",
        _("From discovery to loyalty"),
        _(
            "Splits the start into discovery, naming the need and weighing solutions: for products people did not know they needed"
        ),
        (
            TemplateStage(
                _("Learning & discovery"),
                _("The customer first learns that the brand or product exists."),
                _("Learn what is out there."),
                AWARENESS_QUESTIONS,
            ),
            TemplateStage(
                _("Problem recognition"),
                _("The customer recognises a problem or need the product could answer."),
                _("Put a name to the need."),
                AWARENESS_QUESTIONS[2:],
            ),
            TemplateStage(
                _("Solution consideration"),
                _("The customer weighs possible solutions, online and in store."),
                _("Choose among the possible solutions."),
                CONSIDERATION_QUESTIONS,
            ),
            TemplateStage(
                _("Purchase decision"),
                _("The customer decides and buys; payment, pickup and delivery matter."),
                _("Buy with confidence."),
                DECISION_QUESTIONS,
            ),
            LOYALTY,
        ),
    ),
    StageTemplate(
        "engagement",
        _("Awareness to post-purchase, with engagement"),
        _("Adds an engagement stage, for brands that win customers with content, promotions and social media"),
        (
            AWARENESS,
            TemplateStage(
                _("Engagement"),
                _("The customer interacts with the brand: content, promotions, social media."),
                _("Find out whether the brand understands their problem."),
                ENGAGEMENT_QUESTIONS,
            ),
            CONSIDERATION,
            PURCHASE,
            POST_PURCHASE,
        ),
    ),
    StageTemplate(
        "alternatives",
        _("Discovery, alternatives, after-sales"),
        _("For purchases compared on price and promotions, with the after-sales service as a stage of its own"),
        (
            TemplateStage(
                _("Discovery"),
                _("A new need appears and the customer starts looking."),
                _("Understand the new need."),
                AWARENESS_QUESTIONS,
            ),
            TemplateStage(
                _("Evaluation of alternatives"),
                _("The customer compares prices, promotions and added value."),
                _("Pick the best alternative."),
                CONSIDERATION_QUESTIONS,
            ),
            TemplateStage(
                _("Purchase"),
                _("The purchase itself."),
                _("Buy easily."),
                DECISION_QUESTIONS,
            ),
            TemplateStage(
                _("After-sales service"),
                _("Delivery and the first moments after buying."),
                _("Receive the product and get help when needed."),
                POST_PURCHASE_QUESTIONS,
            ),
            LOYALTY,
        ),
    ),
    StageTemplate(
        "buyer",
        _("Buyer's journey"),
        _("For considered purchases, often business to business: the decision and the life as a customer after it"),
        (
            AWARENESS,
            CONSIDERATION,
            TemplateStage(
                _("Decision"),
                _("The buyer chooses a solution and a vendor."),
                _("Make the right choice."),
                DECISION_QUESTIONS,
            ),
            TemplateStage(
                _("Customer"),
                _("After the purchase: value, staying in touch, referrals."),
                _("Get the most value from the purchase."),
                POST_PURCHASE_QUESTIONS,
            ),
        ),
    ),
    StageTemplate(
        "blueprint",
        _("Service blueprint"),
        _("What the customer sees and does, and what the team does behind it, stage by stage"),
        (
            TemplateStage(
                _("Arrive and browse"),
                _("The customer finds the shop, online or in the street, and looks around."),
                _("Find what they came for quickly."),
                AWARENESS_QUESTIONS[:2],
            ),
            TemplateStage(
                _("Ask for advice"),
                _("The customer asks staff, a chatbot or the phone line which product suits them."),
                _("Get an answer they can trust."),
                CONSIDERATION_QUESTIONS[2:],
            ),
            TemplateStage(
                _("Pay"),
                _("The customer pays at the till or online and chooses pickup or delivery."),
                _("Pay without friction."),
                DECISION_QUESTIONS[4:],
            ),
            TemplateStage(
                _("Receive"),
                _("Delivery or pickup, and the first use of the product."),
                _("Get the product on time and working."),
                POST_PURCHASE_QUESTIONS[:1],
            ),
            TemplateStage(
                _("Get support"),
                _("Questions, returns and repairs after the purchase."),
                _("Have a problem solved in one contact."),
                POST_PURCHASE_QUESTIONS[2:3],
            ),
        ),
        BLUEPRINT_LANES,
    ),
    StageTemplate(
        "blank",
        _("Blank map"),
        _("Start with no stages and add your own"),
        (),
    ),
)

TEMPLATES_BY_KEY = {template.key: template for template in TEMPLATES}
DEFAULT_TEMPLATE = "default"
