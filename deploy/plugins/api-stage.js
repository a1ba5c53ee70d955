'use strict';

const path = require('path');

// Serverless Framework v3 creates the REST API stage implicitly (Deployment.StageName) and applies
// tracing, access logs and method settings after the deploy through SDK calls, so none of them is in the
// CloudFormation template and stage throttling cannot be expressed at all. This plugin hands the stage to
// CloudFormation instead: serverless.yml declares `ApiGatewayStage` (an AWS::ApiGateway::Stage with every
// setting), and here the generated Deployment loses its StageName and the stage points at it.
//
// It also refuses a custom domain without a certificate, which CloudFormation would only report halfway
// through a deploy.
//
// And it declares the stack's parameters in the core template. On the first deploy the framework creates the
// stack from that bucket-only template (cloudformation-template-create-stack.json) through a change set, and
// sends `provider.stackParameters` with it; CloudFormation refuses a change set whose parameters the template
// does not declare ("Parameters: [AlertEmail] do not exist in the template"). A declared parameter that no
// resource uses is accepted, so the core template carries the same declarations as the full one.

class ApiStage {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = {
      'after:package:initialize': () => this.declareStackParameters(),
      'before:aws:package:finalize:saveServiceState': () => this.attachStage(),
    };
  }

  declareStackParameters() {
    const service = this.serverless.service;
    const core = service.provider.coreCloudFormationTemplate;
    const declared = (service.resources && service.resources.Parameters) || {};
    const sent = (service.provider.stackParameters || []).map((p) => p.ParameterKey);
    const undeclared = sent.filter((key) => !declared[key]);
    if (undeclared.length > 0) {
      throw new this.serverless.classes.Error(
        `api-stage: provider.stackParameters ${undeclared.join(', ')} not declared in resources.Parameters`
      );
    }
    if (!core || sent.length === 0) {
      return;
    }

    core.Parameters = Object.assign(core.Parameters || {}, ...sent.map((key) => ({ [key]: declared[key] })));
    // The framework wrote the core template to .serverless/ before this hook; keep the file what is sent.
    const file = path.join(
      this.serverless.serviceDir,
      '.serverless',
      this.serverless.getProvider('aws').naming.getCoreTemplateFileName()
    );
    this.serverless.utils.writeFileSync(file, core);
  }

  attachStage() {
    const template = this.serverless.service.provider.compiledCloudFormationTemplate;
    const fail = (message) => {
      throw new this.serverless.classes.Error(`api-stage: ${message}`);
    };

    const stage = template.Resources.ApiGatewayStage;
    if (!stage || stage.Type !== 'AWS::ApiGateway::Stage') {
      fail('serverless.yml must declare resources.Resources.ApiGatewayStage (AWS::ApiGateway::Stage)');
    }

    const deployments = Object.keys(template.Resources).filter(
      (id) => template.Resources[id].Type === 'AWS::ApiGateway::Deployment'
    );
    if (deployments.length !== 1) {
      fail(`expected exactly one AWS::ApiGateway::Deployment, found ${deployments.length}`);
    }

    const deployment = template.Resources[deployments[0]];
    delete deployment.Properties.StageName;
    stage.Properties.DeploymentId = { Ref: deployments[0] };

    // API Gateway applies gateway responses only through a deployment: one made before them would leave the first
    // stack without them (no CORS on the gateway's own errors) until the next deploy.
    const gatewayResponses = Object.keys(template.Resources).filter(
      (id) => template.Resources[id].Type === 'AWS::ApiGateway::GatewayResponse'
    );
    const dependsOn = [].concat(deployment.DependsOn || []);
    for (const id of gatewayResponses) {
      if (!dependsOn.includes(id)) dependsOn.push(id);
    }
    deployment.DependsOn = dependsOn;

    const custom = this.serverless.service.custom || {};
    if (custom.domainName && !custom.certificateArn) {
      fail('LATCH_DOMAIN_NAME is set but LATCH_CERTIFICATE_ARN is not (a regional ACM certificate is required)');
    }
  }
}

module.exports = ApiStage;
