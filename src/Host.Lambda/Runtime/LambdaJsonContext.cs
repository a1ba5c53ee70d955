using System.Text.Json.Serialization;

namespace Latch.Host.Lambda.Runtime;

/// <summary>Source-generated (de)serializers for every payload the adapter reads or writes: no reflection, AOT-safe.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ApiGatewayV1Request))]
[JsonSerializable(typeof(ApiGatewayV2Request))]
[JsonSerializable(typeof(ApiGatewayV1Response))]
[JsonSerializable(typeof(ApiGatewayV2Response))]
[JsonSerializable(typeof(RuntimeErrorBody))]
[JsonSerializable(typeof(SqsEvent))]
[JsonSerializable(typeof(SqsBatchResponse))]
[JsonSerializable(typeof(string))]
internal sealed partial class LambdaJsonContext : JsonSerializerContext;
