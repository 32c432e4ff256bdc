go test fuzz v1
string("terraform-heredoc.tf")
[]byte("resource \"aws_sfn_state_machine\" \"report\" {\n  name     = \"report\"\n  role_arn = var.role_arn\n\n  definition = <<-EOF\n    {\n      \"StartAt\": \"Wait\",\n      \"States\": {\n        \"Wait\": {\"Type\": \"Wait\", \"Seconds\": ${var.delay_seconds}, \"Next\": \"Run\"},\n        \"Run\": {\n          \"Type\": \"Task\",\n          \"Resource\": \"${aws_lambda_function.report.arn}\",\n          \"TimeoutSeconds\": 60,\n          \"End\": true\n        }\n      }\n    }\n  EOF\n}\n")
