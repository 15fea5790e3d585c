"""Every route the app registers, who may use it, and how to fill in its address.

The authorization matrix, the CSRF and GET-changes-nothing checks and the accessibility
run in the browser all walk this table, so a new page is covered the day it exists:
a route without a row here fails test_authorization.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from litestar import Litestar
from litestar.routes import HTTPRoute
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from beteiligung.accounts import service as accounts
from beteiligung.accounts.models import Membership, User
from beteiligung.db import session_scope
from beteiligung.ideas import service as ideas
from beteiligung.ideas.models import Comment, Idea, IdeaContact
from beteiligung.ideas.similarity import terms_of
from beteiligung.plans.models import FieldOfAction
from beteiligung.surveys import responses as survey_responses
from beteiligung.surveys.models import (
    InvitationCode,
    Option,
    Question,
    Survey,
    SurveyPage,
    SurveyStatus,
)
from beteiligung.towns.models import Town
from tests.conftest import TEST_SECRET


class Access(Enum):
    PUBLIC = "everyone"
    LOGOUT = "everyone, and it ends at the login page"
    STAFF = "anyone logged in"
    TOWN_STAFF = "moderators and admins of the town"
    TOWN_ADMIN = "admins of the town"
    FEDERATION = "the federation admin"


# (method, route name) -> who may use it. Keep it in the order of the app's areas.
ACCESS: dict[tuple[str, str], Access] = {
    ("GET", "health"): Access.PUBLIC,
    ("GET", "static"): Access.PUBLIC,
    ("POST", "set_language"): Access.PUBLIC,
    # towns, public
    ("GET", "federation_home"): Access.PUBLIC,
    ("GET", "imprint"): Access.PUBLIC,
    ("GET", "privacy"): Access.PUBLIC,
    ("GET", "accessibility"): Access.PUBLIC,
    ("GET", "town_home"): Access.PUBLIC,
    ("GET", "town_imprint"): Access.PUBLIC,
    ("GET", "town_privacy"): Access.PUBLIC,
    ("GET", "town_accessibility"): Access.PUBLIC,
    # accounts
    ("GET", "login"): Access.PUBLIC,
    ("POST", "login_submit"): Access.PUBLIC,
    ("POST", "logout"): Access.LOGOUT,
    ("GET", "password_forgot"): Access.PUBLIC,
    ("POST", "password_forgot_submit"): Access.PUBLIC,
    ("GET", "password_reset"): Access.PUBLIC,
    ("POST", "password_reset_submit"): Access.PUBLIC,
    ("GET", "staff_home"): Access.STAFF,
    ("GET", "password_change"): Access.STAFF,
    ("POST", "password_change_submit"): Access.STAFF,
    # staff pages of a town
    ("GET", "staff_town"): Access.TOWN_STAFF,
    ("POST", "staff_town_publish"): Access.TOWN_ADMIN,
    ("GET", "staff_team"): Access.TOWN_ADMIN,
    ("POST", "staff_team_add"): Access.TOWN_ADMIN,
    ("POST", "staff_team_role"): Access.TOWN_ADMIN,
    ("POST", "staff_team_remove"): Access.TOWN_ADMIN,
    ("GET", "staff_town_texts"): Access.TOWN_ADMIN,
    ("POST", "staff_town_texts_submit"): Access.TOWN_ADMIN,
    ("GET", "staff_audit"): Access.TOWN_ADMIN,
    # surveys, residents
    ("GET", "survey_start"): Access.PUBLIC,
    ("POST", "survey_start_submit"): Access.PUBLIC,
    ("GET", "survey_resume"): Access.PUBLIC,
    ("GET", "survey_page"): Access.PUBLIC,
    ("POST", "survey_page_submit"): Access.PUBLIC,
    ("POST", "survey_visibility"): Access.PUBLIC,
    ("GET", "survey_saved"): Access.PUBLIC,
    ("GET", "survey_thanks"): Access.PUBLIC,
    ("GET", "survey_short_link"): Access.PUBLIC,
    # surveys, invitation codes
    ("GET", "staff_survey_codes"): Access.TOWN_ADMIN,
    ("POST", "staff_survey_codes_create"): Access.TOWN_ADMIN,
    ("GET", "staff_survey_codes_csv"): Access.TOWN_ADMIN,
    ("GET", "staff_survey_letters_pdf"): Access.TOWN_ADMIN,
    # surveys, the builder
    ("GET", "builder_surveys"): Access.TOWN_ADMIN,
    ("POST", "builder_survey_create"): Access.TOWN_ADMIN,
    ("GET", "builder_editor"): Access.TOWN_ADMIN,
    ("POST", "builder_settings"): Access.TOWN_ADMIN,
    ("POST", "builder_status"): Access.TOWN_ADMIN,
    ("POST", "builder_copy"): Access.TOWN_ADMIN,
    ("POST", "builder_delete"): Access.TOWN_ADMIN,
    ("GET", "builder_preview"): Access.TOWN_ADMIN,
    ("POST", "builder_page_add"): Access.TOWN_ADMIN,
    ("POST", "builder_page_update"): Access.TOWN_ADMIN,
    ("POST", "builder_page_action"): Access.TOWN_ADMIN,
    ("POST", "builder_question_add"): Access.TOWN_ADMIN,
    ("POST", "builder_question_update"): Access.TOWN_ADMIN,
    ("POST", "builder_question_action"): Access.TOWN_ADMIN,
    ("POST", "builder_option_add"): Access.TOWN_ADMIN,
    ("POST", "builder_option_update"): Access.TOWN_ADMIN,
    ("POST", "builder_option_action"): Access.TOWN_ADMIN,
    # ideas, residents
    ("GET", "idea_list"): Access.PUBLIC,
    ("GET", "idea_new"): Access.PUBLIC,
    ("POST", "idea_submit"): Access.PUBLIC,
    ("GET", "idea_similar"): Access.PUBLIC,
    ("GET", "idea_submitted"): Access.PUBLIC,
    ("GET", "idea_detail"): Access.PUBLIC,
    ("POST", "idea_support"): Access.PUBLIC,
    ("POST", "idea_withdraw"): Access.PUBLIC,
    ("POST", "idea_comment"): Access.PUBLIC,
    ("POST", "comment_report"): Access.PUBLIC,
    ("GET", "idea_notices"): Access.PUBLIC,
    ("POST", "idea_notices_stop"): Access.PUBLIC,
    ("POST", "idea_notices_delete"): Access.PUBLIC,
    # ideas, moderation
    ("GET", "staff_ideas"): Access.TOWN_STAFF,
    ("GET", "staff_idea"): Access.TOWN_STAFF,
    ("POST", "staff_idea_publish"): Access.TOWN_STAFF,
    ("POST", "staff_idea_reject"): Access.TOWN_STAFF,
    ("POST", "staff_idea_status"): Access.TOWN_STAFF,
    ("POST", "staff_idea_correct"): Access.TOWN_STAFF,
    ("POST", "staff_idea_answer"): Access.TOWN_STAFF,
    ("POST", "staff_idea_merge"): Access.TOWN_STAFF,
    ("POST", "staff_comment_hide"): Access.TOWN_STAFF,
    ("POST", "staff_comment_keep"): Access.TOWN_STAFF,
    ("GET", "staff_idea_settings"): Access.TOWN_ADMIN,
    ("POST", "staff_idea_settings_submit"): Access.TOWN_ADMIN,
    # the federation
    ("GET", "federation_towns"): Access.FEDERATION,
    ("POST", "federation_towns_create"): Access.FEDERATION,
}

# The personas of the matrix: name -> login (None: no account). The own town is Mölln.
PERSONAS: dict[str, str | None] = {
    "anonymous": None,
    "resident": None,
    "moderator of another town": "moderation@wittenberge.example",
    "moderator": "moderation@moelln.example",
    "town admin of another town": "admin@wittenberge.example",
    "town admin": "admin@moelln.example",
    "federation admin": "verbund@beteiligung.example",
}

# Routes that take away what later routes use (the moderator's membership, the login).
LAST = {"staff_team_remove", "logout"}

ALLOWED, LOGIN, FORBIDDEN, NOT_FOUND = "allowed", "to login", "403", "404"

EXPECTED: dict[Access, dict[str, str]] = {
    Access.PUBLIC: dict.fromkeys(PERSONAS, ALLOWED),
    Access.LOGOUT: dict.fromkeys(PERSONAS, LOGIN),
    Access.STAFF: {
        "anonymous": LOGIN,
        "resident": LOGIN,
        "moderator of another town": ALLOWED,
        "moderator": ALLOWED,
        "town admin of another town": ALLOWED,
        "town admin": ALLOWED,
        "federation admin": ALLOWED,
    },
    Access.TOWN_STAFF: {
        "anonymous": LOGIN,
        "resident": LOGIN,
        "moderator of another town": NOT_FOUND,
        "moderator": ALLOWED,
        "town admin of another town": NOT_FOUND,
        "town admin": ALLOWED,
        "federation admin": ALLOWED,
    },
    Access.TOWN_ADMIN: {
        "anonymous": LOGIN,
        "resident": LOGIN,
        "moderator of another town": NOT_FOUND,
        "moderator": FORBIDDEN,
        "town admin of another town": NOT_FOUND,
        "town admin": ALLOWED,
        "federation admin": ALLOWED,
    },
    Access.FEDERATION: {
        "anonymous": LOGIN,
        "resident": LOGIN,
        "moderator of another town": FORBIDDEN,
        "moderator": FORBIDDEN,
        "town admin of another town": FORBIDDEN,
        "town admin": FORBIDDEN,
        "federation admin": ALLOWED,
    },
}


@dataclass(frozen=True)
class Route:
    method: str
    name: str
    path: str  # Litestar's template, e.g. /verwaltung/{town_slug:str}/team

    @property
    def access(self) -> Access | None:
        return ACCESS.get((self.method, self.name))

    @property
    def unsafe(self) -> bool:
        return self.method not in {"GET", "HEAD", "OPTIONS"}

    def url(self, params: dict[str, str]) -> str:
        return re.sub(r"\{(\w+)(:\w+)?\}", lambda m: params[m.group(1)], self.path)

    def __str__(self) -> str:
        return f"{self.method} {self.path} ({self.name})"


def app_routes(app: Litestar) -> list[Route]:
    """Every (method, handler) the app answers, HEAD and OPTIONS left out (Litestar's own)."""
    routes = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            for method in sorted(handler.http_methods - {"HEAD", "OPTIONS"}):
                name = handler.name or handler.handler_name
                routes.append(Route(method, name, route.path))
    # Reading first, then writing; what removes or ends something last.
    return sorted(set(routes), key=lambda r: (r.unsafe, r.name in LAST, r.name == "logout", r.path))


def path_params(engine: Engine) -> dict[str, str]:
    """Real values for every path parameter: Mölln, its moderator's membership, a reset link."""
    with session_scope(engine) as db:
        membership = _moelln_moderator_membership(db)
        user = db.exec(select(User).where(User.email == "moderation@moelln.example")).one()
        token = accounts.create_reset_token(db, user, timedelta(hours=1))
        survey = moelln_survey(db)
        _response, response_token, _ = survey_responses.start_response(
            db, survey, "path-params-secret", "path-params-nonce", date.today()
        )
        code = moelln_invitation_code(db, survey)
        question, option = _first_option(db, survey)
        idea, comment, notice_token = moelln_idea(db)
    return {
        "town_slug": "moelln",
        "membership_id": str(membership),
        "token": token,
        "file_path": "css/app.css",
        "survey_id": str(survey.id),
        "survey_slug": survey.slug,
        "response_token": response_token,
        "number": "1",
        "code": code,
        "page_id": str(question.page_id),
        "question_id": str(question.id),
        "option_id": str(option.id),
        "idea_id": str(idea.id),
        "idea_ref": f"{idea.id}-coworking-im-bahnhof",
        "comment_id": str(comment.id),
        "notice_token": notice_token,
    }


def moelln_survey(db: Session) -> Survey:
    """Mölln's first survey, opened; one with a page and a choice question if there is none."""
    town = db.exec(select(Town).where(Town.slug == "moelln")).one()
    survey = db.exec(
        select(Survey).where(Survey.town_id == town.id).order_by(col(Survey.id))
    ).first()
    if survey is None:
        survey = Survey(town_id=town.id or 0, slug="testumfrage", title="Testumfrage")
        db.add(survey)
        db.flush()
        page = SurveyPage(survey_id=survey.id or 0, position=0, title="Seite 1")
        db.add(page)
        db.flush()
        question = Question(
            survey_id=survey.id or 0, page_id=page.id or 0, key="mode", kind="single",
            text="Womit fahren Sie?",
        )  # fmt: skip
        db.add(question)
        db.flush()
        db.add_all(
            [
                Option(question_id=question.id or 0, position=0, code="car", label="Auto"),
                Option(question_id=question.id or 0, position=1, code="bike", label="Rad"),
            ]
        )
    survey.status = SurveyStatus.OPEN.value
    db.add(survey)
    db.flush()
    return survey


def moelln_idea(db: Session) -> tuple[Idea, Comment, str]:
    """A public idea of Mölln with a comment and an author's address for notices."""
    town = db.exec(select(Town).where(Town.slug == "moelln")).one()
    field = db.exec(select(FieldOfAction).where(FieldOfAction.key == "coworking")).one()
    idea = Idea(
        town_id=town.id or 0,
        field_id=field.id or 0,
        title="Coworking im Bahnhof",
        body="Im leeren Bahnhofsgebäude könnten Pendlerinnen und Pendler arbeiten.",
        status="published",
        is_public=True,
        terms=terms_of("Coworking im Bahnhof", "Im leeren Bahnhofsgebäude arbeiten"),
    )
    db.add(idea)
    db.flush()
    comment = Comment(idea_id=idea.id or 0, body="Gute Idee, da wäre ich dabei.")
    contact = IdeaContact(idea_id=idea.id or 0, email="autorin@example.org")
    db.add_all([comment, contact])
    db.flush()
    return idea, comment, ideas.contact_token(TEST_SECRET, contact)


def _first_option(db: Session, survey: Survey) -> tuple[Question, Option]:
    """The survey's first option with its question (and so its page), for the builder."""
    question, option = db.exec(
        select(Question, Option)
        .join(Option, col(Option.question_id) == col(Question.id))
        .where(Question.survey_id == survey.id)
        .order_by(col(Question.id), col(Option.id))
    ).first() or (None, None)
    assert question is not None and option is not None, "the survey needs a choice question"
    return question, option


def moelln_invitation_code(db: Session, survey: Survey) -> str:
    """A free invitation code of the survey, for the short link /u/{code}."""
    invitation = db.exec(
        select(InvitationCode).where(
            InvitationCode.survey_id == survey.id, col(InvitationCode.response_id).is_(None)
        )
    ).first()
    if invitation is None:
        invitation = InvitationCode(survey_id=survey.id or 0, code="PATH2345")
        db.add(invitation)
        db.flush()
    return invitation.code


def _moelln_moderator_membership(db: Session) -> int:
    membership = db.exec(
        select(Membership)
        .join(User, User.id == Membership.user_id)  # type: ignore[arg-type]
        .join(Town, Town.id == Membership.town_id)  # type: ignore[arg-type]
        .where(User.email == "moderation@moelln.example", Town.slug == "moelln")
    ).one()
    assert membership.id is not None
    return membership.id
