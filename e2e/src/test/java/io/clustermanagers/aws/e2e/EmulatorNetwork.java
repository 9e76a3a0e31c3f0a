package io.clustermanagers.aws.e2e;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * What the Batch stack's parameters need from an emulator's account: a service role for the compute
 * environment (moto requires one), a subnet and a security group of the default VPC. The e2e module
 * has no IAM or EC2 SDK, so boto3 (which moto brings) makes them.
 */
record EmulatorNetwork(String serviceRole, String subnet, String securityGroup) {

  static EmulatorNetwork of(URI endpoint, String region, String accessKey, String secretKey)
      throws IOException, InterruptedException {
    String script =
        String.join(
            "\n",
            "import boto3, sys",
            "kw = dict(endpoint_url=sys.argv[1], region_name=sys.argv[2],",
            "          aws_access_key_id=sys.argv[3], aws_secret_access_key=sys.argv[4])",
            "iam = boto3.client('iam', **kw); ec2 = boto3.client('ec2', **kw)",
            "role = iam.create_role(RoleName='acm-e2e-batch-service',",
            "    AssumeRolePolicyDocument='{\"Version\": \"2012-10-17\", \"Statement\": []}')",
            "subnet = ec2.describe_subnets()['Subnets'][0]['SubnetId']",
            "sg = ec2.describe_security_groups()['SecurityGroups'][0]['GroupId']",
            "print(role['Role']['Arn'], subnet, sg)");
    Process python =
        new ProcessBuilder(
                "python3", "-c", script, endpoint.toString(), region, accessKey, secretKey)
            .redirectErrorStream(true)
            .start();
    String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!python.waitFor(60, TimeUnit.SECONDS) || python.exitValue() != 0) {
      throw new IOException(
          "cannot create the service role and find a subnet at " + endpoint + ": " + out);
    }
    String[] words = out.split(" ");
    return new EmulatorNetwork(words[0], words[1], words[2]);
  }
}
