"""The tenant (a municipality), its people with roles and its committees and departments."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from platskraft.core.models import TimeStampedModel

# Top-level URL segments that can never be a municipality's slug.
RESERVED_SLUGS = frozenset(
    {
        "accounts",
        "admin",
        "api",
        "static",
        "media",
        "i18n",
        "about",
        "accessibility",
        "programme",
        "healthz",
        "favicon.ico",
        "robots.txt",
    }
)

code_validator = RegexValidator(r"^\d{4}$", _("A municipality code has exactly four digits."))


def validate_slug_not_reserved(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is reserved by the platform; choose another address."),
            params={"slug": value},
            code="reserved",
        )


def validate_languages(value) -> None:
    known = {code for code, _name in settings.LANGUAGES}
    if not isinstance(value, list) or not value or any(v not in known for v in value):
        raise ValidationError(_("Choose at least one of the platform's languages."))


def default_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


class County(models.Model):
    """A Swedish county (län), from the official list."""

    code = models.CharField(_("county code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class KnownMunicipality(models.Model):
    """One of Sweden's 290 municipalities, from the official list of codes.

    Boundaries imported with `platskraft import-boundaries` are kept here too, so that a
    municipality that joins the platform later gets its boundary at once.
    """

    code = models.CharField(
        _("municipality code"), max_length=4, primary_key=True, validators=[code_validator]
    )
    name = models.CharField(_("name"), max_length=80)
    county = models.ForeignKey(County, on_delete=models.PROTECT, verbose_name=_("county"))
    boundary = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)
    centre_lat = models.FloatField(_("centre latitude"), null=True, blank=True)
    centre_lon = models.FloatField(_("centre longitude"), null=True, blank=True)

    class Meta:
        verbose_name = _("Swedish municipality (official list)")
        verbose_name_plural = _("Swedish municipalities (official list)")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class ModerationMode(models.TextChoices):
    PRE = "pre", _("Pre-moderation: contributions are published after review")
    POST = "post", _("Post-moderation: contributions are published at once and reviewed after")


class Municipality(TimeStampedModel):
    """A municipality that uses the platform: the tenant that owns everything below it."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(
        _("web address"),
        max_length=60,
        unique=True,
        validators=[validate_slug_not_reserved],
        help_text=_("The part of the address after the site name, e.g. “kramfors”."),
    )
    code = models.CharField(
        _("municipality code"),
        max_length=4,
        unique=True,
        validators=[code_validator],
        help_text=_("The official four-digit code, e.g. 2282 for Kramfors."),
    )
    county = models.ForeignKey(County, on_delete=models.PROTECT, verbose_name=_("county"))
    centre_lat = models.FloatField(
        _("centre latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(55.0), MaxValueValidator(69.1)],
    )
    centre_lon = models.FloatField(
        _("centre longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(10.5), MaxValueValidator(24.2)],
    )
    boundary = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)
    intro = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_("A few sentences on the municipality's home page."),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    publication_threshold = models.PositiveSmallIntegerField(
        _("publication threshold"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "Published summaries hide every group with fewer respondents than this, "
            "so that nobody can be singled out."
        ),
    )
    moderation_mode = models.CharField(
        _("moderation"), max_length=8, choices=ModerationMode.choices, default=ModerationMode.POST
    )
    languages = models.JSONField(
        _("languages"),
        default=default_languages,
        validators=[validate_languages],
        help_text=_("The languages residents can choose on this municipality's pages."),
    )
    is_listed = models.BooleanField(
        _("listed"), default=True, help_text=_("Shown on the national start page.")
    )
    is_demo = models.BooleanField(_("demo content"), default=False)
    # Raised in the same transaction as every change to what residents see, so that a
    # rendered public page can be kept under this number and is never served stale.
    content_version = models.PositiveBigIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def municipality(self) -> "Municipality":
        return self

    def get_absolute_url(self) -> str:
        return reverse("municipalities:home", kwargs={"municipality_slug": self.slug})

    @property
    def centre(self) -> tuple[float, float] | None:
        if self.centre_lat is None or self.centre_lon is None:
            return None
        return (self.centre_lat, self.centre_lon)


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    EDITOR = "editor", _("Official (editor)")
    MODERATOR = "moderator", _("Moderator")
    CASE_HANDLER = "case_handler", _("Case handler (committee/department)")
    OBSERVER = "observer", _("Observer (steering group)")


class DepartmentKind(models.TextChoices):
    COMMITTEE = "committee", _("Committee")
    DEPARTMENT = "department", _("Department")
    COMPANY = "company", _("Municipal company")
    OTHER = "other", _("Other")


class Department(TimeStampedModel):
    """A committee, department or company of the municipality that work can be routed to."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="departments",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(
        _("kind"), max_length=16, choices=DepartmentKind.choices, default=DepartmentKind.COMMITTEE
    )
    email = models.EmailField(_("e-mail"), blank=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("committee or department")
        verbose_name_plural = _("committees and departments")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="municipalities_department_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    """A person's role in one municipality. A person may hold several roles."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("municipality"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    department = models.ForeignKey(
        Department,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handlers",
        verbose_name=_("committee or department"),
        help_text=_("For case handlers: the committee or department they handle cases for."),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["municipality", "role", "user__display_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality", "role"], name="municipalities_membership_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.municipality})"

    def clean(self) -> None:
        if (
            self.department_id
            and self.municipality_id
            and (self.department.municipality_id != self.municipality_id)
        ):
            raise ValidationError(
                {"department": _("The committee or department belongs to another municipality.")}
            )
