'use strict';

// Serverless Framework v3 creates the REST API stage implicitly (Deployment.StageName) and applies
// tracing, access logs and method settings after the deploy through SDK calls, so none of them is in the
// CloudFormation template and stage throttling cannot be expressed at all. This plugin hands the stage to
// CloudFormation instead: serverless.yml declares `ApiGatewayStage` (an AWS::ApiGateway::Stage with every
// setting), and here the generated Deployment loses its StageName and the stage points at it.
//
// It also refuses a custom domain without a certificate, which CloudFormation would only report halfway
// through a deploy.

class ApiStage {
  constructor(serverless) {
    this.serverless = serverless;
    this.hooks = {
      'before:aws:package:finalize:saveServiceState': () => this.attachStage(),
    };
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

    const custom = this.serverless.service.custom || {};
    if (custom.domainName && !custom.certificateArn) {
      fail('LATCH_DOMAIN_NAME is set but LATCH_CERTIFICATE_ARN is not (a regional ACM certificate is required)');
    }
  }
}

module.exports = ApiStage;
