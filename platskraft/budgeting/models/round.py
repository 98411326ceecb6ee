"""A participatory budgeting round (medborgarbudget), its districts and its projects."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from platskraft.core.models import TimeStampedModel
from platskraft.municipalities.models import Municipality, Process

TITLE_MAX = 160
MAX_BUDGET_SEK = 10_000_000_000


class Stage(models.TextChoices):
    """The round's phases, in order; staff move it on (services check the order)."""

    DRAFT = "draft", _("Draft (not public)")
    IDEAS = "ideas", _("Project ideas")
    REVIEW = "review", _("Review and costing")
    VOTING = "voting", _("Voting")
    COUNTING = "counting", _("Counting (voting closed)")
    RESULTS = "results", _("Results published")


class BallotKind(models.TextChoices):
    KNAPSACK = "knapsack", _("Approve projects within the budget")
    K_APPROVAL = "k_approval", _("Approve at most a number of projects")
    CUMULATIVE = "cumulative", _("Spread points over projects")


class Eligibility(models.TextChoices):
    RESIDENTS = "residents", _("Signed-in residents")
    CODES = "codes", _("Voting codes sent by letter")
    BOTH = "both", _("Signed-in residents and voting codes")


class Rule(models.TextChoices):
    """Outcome rules (platskraft.analysis.budgeting); the key is the command line's name."""

    MES_COST_ADD1 = "mes-cost-add1", _("Method of Equal Shares (cost utilities), Add1 completion")
    MES_COST_GREEDY = (
        "mes-cost-greedy",
        _("Method of Equal Shares (cost utilities), greedy completion"),
    )
    MES_UNIT_ADD1 = "mes-unit-add1", _("Method of Equal Shares (one per project), Add1 completion")
    GREEDY = "greedy", _("Greedy by votes")
    GREEDY_THRESHOLD = "greedy-threshold", _("Greedy by votes with a minimum support")


class Round(TimeStampedModel):
    """One round of a citizen budget inside a development process."""

    tenant_path = "municipality"

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="budget_rounds",
        verbose_name=_("municipality"),
    )
    process = models.ForeignKey(
        Process,
        on_delete=models.CASCADE,
        related_name="budget_rounds",
        verbose_name=_("process"),
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), blank=True)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.DRAFT)
    budget_sek = models.PositiveBigIntegerField(
        _("budget (SEK)"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_BUDGET_SEK)],
        help_text=_("With districts, each district's own budget is used instead."),
    )
    ballot_kind = models.CharField(
        _("ballot"), max_length=12, choices=BallotKind.choices, default=BallotKind.KNAPSACK
    )
    min_projects = models.PositiveSmallIntegerField(_("fewest projects on a ballot"), default=1)
    max_projects = models.PositiveSmallIntegerField(
        _("most projects on a ballot"),
        null=True,
        blank=True,
        help_text=_("Required for “at most a number of projects”; optional otherwise."),
    )
    points = models.PositiveSmallIntegerField(
        _("points to spread"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_("For cumulative ballots: how many points each voter spreads."),
    )
    eligibility = models.CharField(
        _("who may vote"), max_length=10, choices=Eligibility.choices, default=Eligibility.BOTH
    )
    min_age = models.PositiveSmallIntegerField(
        _("lowest age"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(120)],
        help_text=_("Voters confirm that they have reached this age. Empty: no age limit."),
    )
    min_support = models.PositiveIntegerField(
        _("minimum support"),
        null=True,
        blank=True,
        help_text=_("For greedy with a threshold: projects with fewer votes are not funded."),
    )
    rule = models.CharField(
        _("outcome rule"), max_length=20, choices=Rule.choices, default=Rule.MES_COST_ADD1
    )
    tie_seed = models.PositiveIntegerField(
        _("seed for breaking ties"),
        default=0,
        help_text=_("Published with the results so anyone can repeat the computation."),
    )
    voting_opens_at = models.DateTimeField(_("voting opens"), null=True, blank=True)
    voting_closes_at = models.DateTimeField(_("voting closes"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        verbose_name = _("budget round")
        verbose_name_plural = _("budget rounds")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(voting_closes_at__isnull=True)
                | Q(voting_opens_at__isnull=True)
                | Q(voting_closes_at__gt=F("voting_opens_at")),
                name="budgeting_round_closes_after_opens",
            ),
            models.CheckConstraint(
                condition=Q(max_projects__isnull=True) | Q(max_projects__gte=F("min_projects")),
                name="budgeting_round_max_at_least_min",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def voting_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.stage != Stage.VOTING:
            return False
        if self.voting_opens_at and now < self.voting_opens_at:
            return False
        return not (self.voting_closes_at and now >= self.voting_closes_at)


class District(models.Model):
    """A part of the municipality with its own budget and its own voters."""

    tenant_path = "round__municipality"

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="districts", verbose_name=_("round")
    )
    name = models.CharField(_("name"), max_length=100)
    budget_sek = models.PositiveBigIntegerField(
        _("budget (SEK)"), validators=[MinValueValidator(1), MaxValueValidator(MAX_BUDGET_SEK)]
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "name"], name="budgeting_district_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ProjectStatus(models.TextChoices):
    IDEA = "idea", _("Idea, not yet reviewed")
    REVIEW = "review", _("In review")
    APPROVED = "approved", _("Approved for the ballot")
    REJECTED = "rejected", _("Not feasible")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Project(TimeStampedModel):
    """A project residents may vote for; only approved projects are on the ballot."""

    tenant_path = "round__municipality"

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="projects", verbose_name=_("round")
    )
    district = models.ForeignKey(
        District,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("district"),
    )
    number = models.PositiveIntegerField(
        _("number"), help_text=_("The project's number on the ballot and in exports.")
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    description = models.TextField(_("description"), blank=True)
    cost_sek = models.PositiveBigIntegerField(
        _("cost (SEK)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_BUDGET_SEK)],
        help_text=_("Set when the project is costed; a project without a cost cannot be approved."),
    )
    image = models.ImageField(_("image"), upload_to="budgeting/%Y/", blank=True)
    image_alt = models.CharField(_("image description"), max_length=200, blank=True)
    place_name = models.CharField(_("place"), max_length=160, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.IDEA
    )
    review_notes = models.TextField(
        _("feasibility review"),
        blank=True,
        help_text=_("Shown to residents once the project is approved or rejected."),
    )
    proposal = models.ForeignKey(
        "proposals.Proposal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_projects",
        verbose_name=_("from the proposal"),
    )
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "number"], name="budgeting_project_number_unique"
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(cost_sek__isnull=False),
                name="budgeting_project_approved_has_cost",
            ),
            models.CheckConstraint(
                condition=Q(cost_sek__isnull=True) | Q(cost_sek__gt=0),
                name="budgeting_project_cost_positive",
            ),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__isnull=False) & Q(longitude__isnull=False)),
                name="budgeting_project_point_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def budget_sek(self) -> int:
        return self.district.budget_sek if self.district_id else self.round.budget_sek
