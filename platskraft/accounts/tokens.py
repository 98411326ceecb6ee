from django.contrib.auth.tokens import PasswordResetTokenGenerator


class EmailConfirmationTokenGenerator(PasswordResetTokenGenerator):
    """Single-use link that proves a person reads the mailbox of their account.

    The hash covers the confirmation time, so a link stops working once used.
    """

    key_salt = "platskraft.accounts.EmailConfirmationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        confirmed = user.email_confirmed_at.isoformat() if user.email_confirmed_at else ""
        return f"{user.pk}{user.email}{user.is_active}{confirmed}{timestamp}"


email_confirmation_token = EmailConfirmationTokenGenerator()
