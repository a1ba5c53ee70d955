# Sourced by bench/lambda-init-cpu.sh and bench/lambda-startup-generics.sh: the function's environment for an init on
# its own — bench/lambda-coldstart.sh's MongoDB settings (Production, the closed port) and a Runtime API address where
# nothing listens, so that the function composes the host, warms up both payload formats, fails its first /next and
# exits. Needs openssl.

# Fills the array `settings` (NAME=VALUE words for env); the arguments are added at its end.
lambda_init_settings() {
  # As bench/LambdaColdStart's Settings.For("mongo"); port 9 (discard) has no listener here.
  local closed=127.0.0.1:9
  settings=(
    AWS_LAMBDA_FUNCTION_NAME=latch-bench 'AWS_LAMBDA_FUNCTION_VERSION=$LATEST' AWS_LAMBDA_FUNCTION_MEMORY_SIZE=256
    AWS_REGION=us-east-1 ASPNETCORE_ENVIRONMENT=Production Jwt__Issuer=https://auth.example.com
    Jwt__Audience=https://api.example.com Jwt__Keys__0__Id=bench Jwt__Keys__0__Algorithm=ES256
    "Jwt__Keys__0__PrivateKeyPem=$(openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 2>/dev/null)"
    "Passwords__Pepper=$(head -c 32 /dev/urandom | base64)" Cors__AllowedOrigins__0=https://app.example.com
    Telemetry__Exporter=otlp OTEL_SERVICE_NAME=latch OTEL_EXPORTER_OTLP_ENDPOINT=http://$closed
    OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf OTEL_RESOURCE_ATTRIBUTES=deployment.environment.name=prod
    OTEL_METRICS_EXPORTER=none Passwords__BcryptWorkFactor=12 RateLimiting__PerIp__BurstLimit=2000
    RateLimiting__PerIp__PerMinute=1000 RateLimiting__Auth__PerMinute=20
    Mail__Queue__Url=https://sqs.us-east-1.amazonaws.com/123456789012/latch-bench-mail Mail__Transport=Ses
    Mail__Ses__IdentityArn=arn:aws:ses:us-east-1:123456789012:identity/example.com 'Mail__From=Latch <no-reply@example.com>'
    Mail__ProductName=Latch 'Mail__Links__VerifyEmail=https://app.example.com/verify-email#token={token}'
    'Mail__Links__PasswordReset=https://app.example.com/reset-password#token={token}'
    'Mail__Links__ConfirmEmailChange=https://app.example.com/confirm-email-change#token={token}'
    Mail__Links__SignIn=https://app.example.com/sign-in AWS_ACCESS_KEY_ID=AKIDEXAMPLE
    AWS_SECRET_ACCESS_KEY=bench-secret-never-used AWS_SESSION_TOKEN=bench-token
    Storage__Provider=Mongo "Storage__Mongo__ConnectionString=mongodb://$closed/?tls=true" Storage__Mongo__Database=latch
    AWS_LAMBDA_RUNTIME_API=$closed "$@"
  )
}
