from django.db import migrations, models
from django.db.models import F, Q


def mark_links_of_public_plans_told(apps, schema_editor):
    """Links of plans residents can see were told when they were made; the others wait
    for their plan to be published."""
    Link = apps.get_model("plans", "Link")
    public = Q(sub_project__plan__is_published=True) & (
        Q(sub_project__plan__process__isnull=True)
        | Q(sub_project__plan__process__status__in=["published", "closed"])
    )
    Link.objects.filter(public).update(told_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0001_initial"),
        ("municipalities", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="link",
            name="told_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="residents told"
            ),
        ),
        migrations.RunPython(mark_links_of_public_plans_told, migrations.RunPython.noop),
    ]
