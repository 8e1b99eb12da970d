"""Confirm the email addresses of accounts that existed before allauth was installed.

With ``ACCOUNT_EMAIL_VERIFICATION = "mandatory"`` allauth lets nobody log in on the front
end without a confirmed ``EmailAddress``. Accounts made in the Wagtail admin (or before
Leerkring came into the site) have only ``User.email``; at their first login allauth
records that address as unconfirmed and sends them a confirmation link they never asked
for. Their address was entered by an administrator, so this command confirms it instead.

Running it again changes nothing: accounts whose address is confirmed are left alone.
"""

from datetime import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

DATE_FORMAT = "%Y-%m-%d"


def _same_address(email):
    # allauth stores addresses lowercased and treats case variants as one address; casefold
    # is a little wider than lower(), which errs on the side of seeing a conflict.
    return email.strip().casefold()


class Command(BaseCommand):
    help = (
        "Confirm the email address of existing accounts that have none confirmed in allauth, "
        "so they can log in on the site without a confirmation email."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Say what would change, without changing anything.",
        )
        parser.add_argument(
            "--joined-before",
            metavar="YYYY-MM-DD",
            help=(
                "Only accounts that joined before this date (midnight, site time zone), "
                "e.g. the day allauth was installed, so that people who signed up on the "
                "site and never confirmed their address are not confirmed by this command."
            ),
        )
        parser.add_argument(
            "--user",
            action="append",
            dest="usernames",
            metavar="USERNAME",
            help="Only this account; repeat for more.",
        )

    def handle(self, *args, dry_run=False, joined_before=None, usernames=None, **options):
        User = get_user_model()
        verbose = options["verbosity"] > 1
        cutoff = self._cutoff(User, joined_before)
        users = User._default_manager.order_by(User.USERNAME_FIELD, "pk").prefetch_related(
            "emailaddress_set"
        )
        named = bool(usernames)
        if named:
            usernames = sorted(set(usernames))
            users = users.filter(**{f"{User.USERNAME_FIELD}__in": usernames})
            found = {user.get_username() for user in users}
            missing = [name for name in usernames if name not in found]
            if missing:
                # Stop before changing anything: a typo should not half-run the command.
                raise CommandError(
                    ngettext(
                        "No account has the username %(usernames)s; nothing was changed.",
                        "No accounts have the usernames %(usernames)s; nothing was changed.",
                        len(missing),
                    )
                    % {"usernames": ", ".join(missing)}
                )

        owners = self._owners_by_address(User)
        counts = dict.fromkeys(
            ("verified", "confirmed", "no_email", "invalid", "shared", "inactive"), 0
        )
        # All or nothing: should a save fail halfway (say a concurrent confirmation trips
        # allauth's unique constraint), no account is left half done and the run can repeat.
        with transaction.atomic():
            for user in users:
                if cutoff and user.date_joined >= cutoff:
                    # Accounts outside the period were not asked for; only say so when named.
                    if named:
                        self._skip(
                            _("%(username)s: skipped, joined on %(joined)s, not before %(date)s.")
                            % {
                                "username": user.get_username(),
                                "joined": timezone.localdate(user.date_joined).isoformat(),
                                "date": joined_before,
                            }
                        )
                    continue
                outcome, line = self._handle_user(user, owners, dry_run)
                counts[outcome] += 1
                if outcome == "verified":
                    self.stdout.write(line)
                elif outcome == "confirmed":
                    if verbose:
                        self.stdout.write(line)
                elif outcome == "inactive":
                    # Deactivated accounts are often many and need no action; list them only
                    # when asked about them.
                    if named or verbose:
                        self._skip(line)
                else:
                    self._skip(line)

        if dry_run:
            summary = _(
                "Dry run, nothing changed. Would verify: %(verified)d, already confirmed: "
                "%(confirmed)d, without email address: %(no_email)d, invalid address: "
                "%(invalid)d, address shared with another account: %(shared)d, "
                "inactive: %(inactive)d."
            )
        else:
            summary = _(
                "Verified: %(verified)d, already confirmed: %(confirmed)d, without email "
                "address: %(no_email)d, invalid address: %(invalid)d, address shared with "
                "another account: %(shared)d, inactive: %(inactive)d."
            )
        self.stdout.write(self.style.SUCCESS(summary % counts))
        if not dry_run and not counts["verified"]:
            self.stdout.write(_("Nothing to change: no account needed its address confirmed."))

    def _cutoff(self, User, joined_before):
        if joined_before is None:
            return None
        try:
            day = datetime.strptime(joined_before, DATE_FORMAT).date()
        except ValueError:
            raise CommandError(
                _("--joined-before needs a date as YYYY-MM-DD, e.g. 2025-03-01; got “%(value)s”.")
                % {"value": joined_before}
            ) from None
        try:
            User._meta.get_field("date_joined")
        except FieldDoesNotExist:
            raise CommandError(
                _("--joined-before needs a date_joined field on the user model.")
            ) from None
        return timezone.make_aware(datetime.combine(day, datetime.min.time()))

    def _owners_by_address(self, User):
        # Both places count, as for allauth's ACCOUNT_UNIQUE_EMAIL: an address is taken when
        # another account has it as its User.email or has an EmailAddress for it, confirmed
        # or not. Comparing in Python, because SQLite compares case-insensitively in ASCII only.
        owners = {}
        rows = list(User._default_manager.exclude(email="").values_list("pk", "email"))
        rows += EmailAddress.objects.values_list("user_id", "email")
        for user_pk, email in rows:
            if email:
                owners.setdefault(_same_address(email), set()).add(user_pk)
        return owners

    def _handle_user(self, user, owners, dry_run):
        username = user.get_username()
        email = (user.email or "").strip()
        if not user.is_active:
            return "inactive", _("%(username)s: skipped, the account is inactive.") % {
                "username": username
            }
        if not email:
            return "no_email", _(
                "%(username)s: skipped, no email address; give the account one in the Wagtail "
                "admin (Settings → Users) and run this command again."
            ) % {"username": username}
        try:
            validate_email(email)
        except ValidationError:
            return "invalid", _(
                "%(username)s: skipped, “%(email)s” is not a valid email address; correct it "
                "in the Wagtail admin (Settings → Users)."
            ) % {"username": username, "email": email}
        values = {"username": username, "email": email}

        key = _same_address(email)
        own = [a for a in user.emailaddress_set.all() if _same_address(a.email) == key]
        if any(address.verified for address in own):
            return "confirmed", _("%(username)s: %(email)s is already confirmed.") % values

        others = owners.get(key, set()) - {user.pk}
        if others:
            names = user._meta.model._default_manager.filter(pk__in=others)
            values["others"] = ", ".join(sorted(other.get_username() for other in names))
            return "shared", _(
                "%(username)s: skipped, %(email)s is also the address of %(others)s; an "
                "address can belong to one account only, so give one of them another address "
                "in the Wagtail admin (Settings → Users)."
            ) % values

        # allauth looks addresses up lowercased, so a mixed-case record (made outside
        # allauth, say by a script) would never be found at login by email.
        stored = email.lower()
        # An existing user who already tried to log in has an unconfirmed record (allauth
        # makes one then); confirm that one rather than adding a second.
        address = next((a for a in own if a.email == stored), None) or (own[0] if own else None)
        if address is None:
            address = EmailAddress(user=user, email=stored)
            line = _("%(username)s: added %(email)s as a confirmed address.")
            if dry_run:
                line = _("%(username)s: would add %(email)s as a confirmed address.")
        else:
            line = _("%(username)s: marked %(email)s as confirmed.")
            if dry_run:
                line = _("%(username)s: would mark %(email)s as confirmed.")
        # Safe for unique (user, email): had another record been stored so, it was chosen.
        address.email = stored
        address.verified = True
        if not address.primary:
            address.primary = (
                not EmailAddress.objects.filter(user=user, primary=True)
                .exclude(pk=address.pk)
                .exists()
            )
        if not dry_run:
            address.save()
        return "verified", line % values

    def _skip(self, line):
        self.stdout.write(self.style.WARNING(line))
