using Latch.Application.Common.Outbox;

namespace Latch.Infrastructure.Mail.Composition;

/// <summary>
/// The eight emails the outbox messages can become: three with a single-use link (the token URL-escaped into the
/// configured template's fragment) and five notices without one. Wording says what happened and what to do; a
/// notice never claims more than the sender knows.
/// </summary>
internal sealed class MailTemplates(MailSettings settings)
{
    private string Product => settings.ProductName;

    public OutgoingMail Verification(string key, string to, string token) => Mail(key, to,
        $"Confirm your email address for {Product}",
        new MailBody()
            .Paragraph($"Someone (we hope you) asked to create a {Product} account with this address.")
            .Link("Confirm your address and finish signing up", WithToken(settings.VerifyEmailLink, token))
            .Paragraph("The link works once and for a limited time, together with the password chosen when signing up. " +
                "If it was not you, ignore this email: no account is created without it."));

    public OutgoingMail RegistrationNotice(string key, string to) => Mail(key, to,
        $"Someone tried to create a {Product} account with your address",
        new MailBody()
            .Paragraph($"Someone tried to create a {Product} account with this address, but it already has one, so nothing was created or changed.")
            .Link("If it was you, sign in; if you forgot your password, reset it from there", settings.SignInLink)
            .Paragraph("If it was not you, you can ignore this email."));

    public OutgoingMail PasswordReset(string key, string to, string token) => Mail(key, to,
        $"Reset your {Product} password",
        new MailBody()
            .Paragraph($"Someone (we hope you) asked to reset the password of the {Product} account with this address.")
            .Link("Choose a new password", WithToken(settings.PasswordResetLink, token))
            .Paragraph("The link works once and for a limited time; setting a new password signs out every device. " +
                       "If it was not you, ignore this email: your password stays as it is."));

    public OutgoingMail EmailChangeConfirmation(string key, string to, string token) => Mail(key, to,
        $"Confirm your new email address for {Product}",
        new MailBody()
            .Paragraph($"Someone (we hope you) asked to move a {Product} account to this address.")
            .Link("Confirm this address", WithToken(settings.ConfirmEmailChangeLink, token))
            .Paragraph("The link works once and for a limited time. If it was not you, ignore this email: nothing changes without it."));

    public OutgoingMail EmailChangeTakenNotice(string key, string to) => Mail(key, to,
        $"Someone tried to move a {Product} account to your address",
        new MailBody()
            .Paragraph($"Someone asked to move another {Product} account to this address. This address already has an account, " +
                       "so nothing was changed.")
            .Paragraph("If it was you, sign in to the account that has this address instead. If it was not you, you can ignore this email."));

    public OutgoingMail EmailChangeNotice(string key, string to, string newEmail) => Mail(key, to,
        $"Your {Product} email address is about to change",
        new MailBody()
            .Paragraph($"Someone signed in to your {Product} account asked to change its address to {Mask(newEmail)}. " +
                       "It changes only once the new address confirms it.")
            .Link("If it was not you, sign in and change your password now", settings.SignInLink));

    /// <summary>
    /// A recovery code was accepted: what for, what is left, and what to do if it was not the owner — who then faces
    /// someone holding both the password and a recovery code, so the advice is the password first.
    /// </summary>
    public OutgoingMail RecoveryCodeUsedNotice(string key, string to, RecoveryCodeUse use, int codesLeft)
    {
        var what = use switch
        {
            RecoveryCodeUse.Disable => $"A recovery code was just used to turn off two-step sign-in on your {Product} account. " +
                "Your authenticator app and your recovery codes no longer work for it.",
            RecoveryCodeUse.StepUp => $"A recovery code was just used to confirm a sensitive change (password, email address or " +
                $"account deletion) on your {Product} account. " +
                (codesLeft == 1 ? "1 recovery code is left." : $"{codesLeft} recovery codes are left."),
            RecoveryCodeUse.Regenerate => $"A recovery code was just used to replace the recovery codes of your {Product} account. " +
                $"Your earlier codes no longer work; {codesLeft} new ones were shown to whoever did it.",
            _ => $"A recovery code was just used to sign in to your {Product} account. " +
                (codesLeft == 1 ? "1 recovery code is left." : $"{codesLeft} recovery codes are left.") +
                (codesLeft <= 3 ? " Make new ones from your account settings before they run out." : ""),
        };
        return Mail(key, to, $"A recovery code was used on your {Product} account",
            new MailBody()
                .Paragraph(what)
                .Paragraph("Each recovery code works once. If this was you, there is nothing else to do.")
                .Link("If it was not you, someone has your password and a recovery code: sign in now, change your password, " +
                      "and replace your recovery codes (or turn two-step sign-in off and set it up again)", settings.SignInLink));
    }

    /// <summary>
    /// Authenticator codes were refused after too many wrong ones in a row. Each sign-in that gave one had the right
    /// password, so the advice is the password first, then the way back in (a recovery code).
    /// </summary>
    public OutgoingMail SecondFactorLockedNotice(string key, string to) => Mail(key, to,
        $"Codes from your authenticator app are blocked on your {Product} account",
        new MailBody()
            .Paragraph($"Someone gave the right password of your {Product} account, then too many wrong codes from an " +
                       "authenticator app in a row. Codes from the app are no longer accepted for this account.")
            .Paragraph("To unblock them, sign in with one of your recovery codes. If you have none left, ask for the " +
                       "two-step sign-in to be removed from your account.")
            .Link("If it was not you, someone has your password: sign in with a recovery code and change your password now",
                  settings.SignInLink));

    /// <summary>The first character of the local part and the domain: enough to recognise an address, not to harvest it.</summary>
    internal static string Mask(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at <= 0 ? "***" : $"{email[0]}***{email[at..]}";
    }

    private static string WithToken(string template, string token) =>
        template.Replace(MailSettingsLoader.TokenPlaceholder, Uri.EscapeDataString(token), StringComparison.Ordinal);

    private static OutgoingMail Mail(string key, string to, string subject, MailBody body) =>
        new(key, to, subject, body.Text(), body.Html(subject));
}
