resource "aws_sfn_state_machine" "report" {
  name     = "report"
  role_arn = var.role_arn

  definition = <<-EOF
    {
      "StartAt": "Wait",
      "States": {
        "Wait": {"Type": "Wait", "Seconds": ${var.delay_seconds}, "Next": "Run"},
        "Run": {
          "Type": "Task",
          "Resource": "${aws_lambda_function.report.arn}",
          "TimeoutSeconds": 60,
          "End": true
        }
      }
    }
  EOF
}
