resource "aws_sfn_state_machine" "etl" {
  name     = "etl"
  role_arn = var.role_arn
  type     = "EXPRESS"

  definition = templatefile("${path.module}/terraform-templatefile.asl.json", {
    extract_arn = aws_lambda_function.extract.arn
    table       = "events"
  })
}
