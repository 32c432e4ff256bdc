resource "aws_sfn_state_machine" "checkout" {
  name     = "checkout"
  role_arn = var.role_arn

  definition = <<-EOF
    {
      "StartAt": "Pay",
      "States": {
        "Pay": {"Type": "Task", "Resource": "${aws_lambda_function.pay.arn}", "Next": "Shipp"},
        "Ship": {"Type": "Succeed"}
      }
    }
  EOF
}
