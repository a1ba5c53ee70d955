using System.Diagnostics.CodeAnalysis;

namespace Latch.Domain.Common;

/// <summary>The outcome of an operation that returns nothing on success.</summary>
public sealed class Result : IFailable<Result>
{
    private static readonly Result SuccessInstance = new(null);

    private Result(Error? error) => Error = error;

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public Error? Error { get; }

    public static Result Success() => SuccessInstance;

    public static Result Failure(Error error) => new(error);

    public static implicit operator Result(Error error) => new(error);
}

/// <summary>The outcome of an operation that returns a <typeparamref name="T"/> on success.</summary>
public sealed class Result<T> : IFailable<Result<T>>
{
    private readonly T? _value;

    private Result(T? value, Error? error)
    {
        _value = value;
        Error = error;
    }

    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public Error? Error { get; }

    /// <summary>The success value; reading it from a failure is a bug.</summary>
    public T Value => IsSuccess ? _value! : throw new InvalidOperationException($"Result is a failure: {Error.Code}.");

    public static Result<T> Success(T value) => new(value, null);

    public static Result<T> Failure(Error error) => new(default, error);

#pragma warning disable CA2225 // the named factories above are the alternates
    public static implicit operator Result<T>(T value) => Success(value);

    public static implicit operator Result<T>(Error error) => Failure(error);
#pragma warning restore CA2225
}
