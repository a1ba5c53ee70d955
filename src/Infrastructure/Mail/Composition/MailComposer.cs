using Latch.Application.Common.Interfaces;
using Latch.Application.Common.Outbox;
using Latch.Domain.Users;

namespace Latch.Infrastructure.Mail.Composition;

/// <summary>
/// Turns one outbox message into the emails it deserves, looking the account up itself: the request that produced the
/// message did the same work for every address, so whatever differs (a link or a notice, an email or none) differs
/// here, out of band, where no answer and no timing can show it.
/// </summary>
internal sealed class MailComposer(IUserRepository users, MailTemplates templates)
{
    public async Task<IReadOnlyList<OutgoingMail>> ComposeAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        switch (message)
        {
            case RegistrationRequested registration when Parse(registration.Email) is { } email:
                var registered = await users.FindByEmailAsync(email, cancellationToken) is not null;
                return
                [
                    registered
                        ? templates.RegistrationNotice(Key(message, "notice"), email.Value)
                        : templates.Verification(Key(message, "verify"), email.Value, registration.Token),
                ];

            // An unknown address gets nothing: a notice would let anyone send our mail to any address they type, and the
            // person who mistyped learns the same from not receiving a link (docs/decisions/0012-mail-delivery.md).
            case PasswordResetRequested reset when Parse(reset.Email) is { } email:
                return await users.FindByEmailAsync(email, cancellationToken) is { } user
                    ? [templates.PasswordReset(Key(message, "reset"), user.Email.Value, reset.Token)]
                    : [];

            case EmailChangeRequested change when Parse(change.NewEmail) is { } newEmail:
                if (await users.FindByIdAsync(new UserId(change.UserId), cancellationToken) is not { } account)
                {
                    return []; // the account was deleted since: nobody to tell
                }

                var holder = await users.FindByEmailAsync(newEmail, cancellationToken);
                var toNew = holder is null
                    ? templates.EmailChangeConfirmation(Key(message, "confirm"), newEmail.Value, change.Token)
                    : templates.EmailChangeTakenNotice(Key(message, "taken"), newEmail.Value);
                // The security notice to the old address goes first: the one that matters most if anything fails.
                return holder?.Id == account.Id
                    ? [] // already this account's address: nothing to confirm, nothing to warn about
                    : [templates.EmailChangeNotice(Key(message, "old"), account.Email.Value, newEmail.Value), toNew];

            // The account's address as it is now (it may have moved since): the person who owns the account hears of it.
            case RecoveryCodeUsed used:
                return await users.FindByIdAsync(new UserId(used.UserId), cancellationToken) is { } owner
                    ? [templates.RecoveryCodeUsedNotice(Key(message, "recovery"), owner.Email.Value, used.Use, used.CodesLeft)]
                    : []; // the account was deleted since: nobody to tell

            case SecondFactorLocked locked:
                return await users.FindByIdAsync(new UserId(locked.UserId), cancellationToken) is { } lockedOwner
                    ? [templates.SecondFactorLockedNotice(Key(message, "locked"), lockedOwner.Email.Value)]
                    : []; // the account was deleted since: nobody to tell

            default:
                // A malformed address cannot have come through the API's validation: nothing is sent to it.
                return [];
        }
    }

    private static Email? Parse(string address) => Email.Create(address) is { IsSuccess: true } result ? result.Value : null;

    private static string Key(OutboxMessage message, string role) => $"{message.Id:N}.{role}";
}
