go test fuzz v1
string("terraform-templatefile.tf")
[]byte("resource \"aws_sfn_state_machine\" \"etl\" {\n  name     = \"etl\"\n  role_arn = var.role_arn\n  type     = \"EXPRESS\"\n\n  definition = templatefile(\"${path.module}/terraform-templatefile.asl.json\", {\n    extract_arn = aws_lambda_function.extract.arn\n    table       = \"events\"\n  })\n}\n")
