package load

import "testing"

// TestTerraform: definitions in Terraform files, with the place of some
// values in the file that holds them. Expected places were computed from
// the text, not from the loader.
func TestTerraform(t *testing.T) {
	withFiles(t, map[string]string{
		"infra/sm.tftpl": `{
  "StartAt": "A",
  "States": {
    "A": {"Type": "Task", "Resource": "${arn}", "TimeoutSeconds": ${n}, "Next": "B"},
    "B": {"Type": "Pass", "Result": "${other}", "End": true}
  }
}
`,
		"infra/plain.asl.json": `{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}
`,
	})
	runLoadCases(t, []loadCase{{
		name: "jsonencode",
		path: "t1.tf",
		text: `resource "aws_sfn_state_machine" "encoded" {
  name = "encoded"
  type = "express"
  definition = jsonencode({
    Comment = "caf\u00e9 \"q\" ${var.env}"
    StartAt = "Invoke"
    States = {
      Invoke = {
        Type     = "Task"
        Resource = aws_lambda_function.f.arn
        Retry    = [{ ErrorEquals = ["States.ALL"], MaxAttempts = 3, BackoffRate = 1.5, Jitter = -2 }]
        "Next"   = "Done"
        (var.k)  = 1
        Args     = { n = null, t = true, f = upper("x"), c = var.on ? 1 : 2 }
      }
      Done = { Type = "Succeed" }
    }
  })
}
`,
		want: []want{{
			resource: "aws_sfn_state_machine.encoded", machineType: "EXPRESS",
			json: `{"Comment":"caf\u00e9 \"q\" ${var.env}","StartAt":"Invoke","States":{
				"Invoke":{"Type":"Task","Resource":"${aws_lambda_function.f.arn}",
					"Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":3,"BackoffRate":1.5,"Jitter":-2}],
					"Next":"Done","${(var.k)}":1,
					"Args":{"n":null,"t":true,"f":"${upper('x')}","c":"${var.on ? 1 : 2}"}},
				"Done":{"Type":"Succeed"}}}`,
			at: map[string]string{
				"/Comment":                      "5:15-5:43",
				"/StartAt":                      "6:15-6:23",
				"/States/Invoke/Resource":       "10:20-10:45",
				"/States/Invoke/Retry/0/Jitter": "11:98-11:100",
				"/States/Invoke/Next":           "12:20-12:26",
				"/States/Invoke/Args/f":         "14:46-14:56",
				"/States/Done/Type":             "16:23-16:32",
			},
			keyAt: map[string]string{
				"/StartAt":                  "6:5-6:12",
				"/States/Invoke/Next":       "12:9-12:15",
				"/States/Invoke/${(var.k)}": "13:9-13:16",
			},
		}},
	}, {
		name: "heredocs and quoted strings",
		path: "t2.tf",
		text: `resource "aws_sfn_state_machine" "plain" {
  definition = <<EOF
{"StartAt": "A",
 "States": {"A": {"Type": "Pass", "Result": "$${literal} %%{x}", "Next": "B"},
            "B": {"Type": "Wait", "Seconds": ${var.wait}, "End": true}}}
EOF
}

resource "aws_sfn_state_machine" "flush" {
  definition = <<-JSON
    {
      "StartAt": "A",
      "States": {
        "A": {"Type": "Pass", "Comment": "%{ if var.x }on%{ else }off%{ endif }", "End": true}
      }
    }
    JSON
}

resource "aws_sfn_state_machine" "quoted" {
  definition = "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Succeed\", \"Comment\": \"tab\\there\"}}}"
}

resource "aws_sfn_state_machine" "generated" {
  definition = <<-EOF
    {"StartAt": "A", "States": {
    %{ for s in var.states ~}
      "${s}": {"Type": "Succeed"},
    %{ endfor ~}
    }}
  EOF
}
`,
		want: []want{{
			resource: "aws_sfn_state_machine.plain",
			json: `{"StartAt":"A","States":{"A":{"Type":"Pass","Result":"${literal} %{x}","Next":"B"},
				"B":{"Type":"Wait","Seconds":"${var.wait}","End":true}}}`,
			at: map[string]string{
				"/States/A/Result":  "4:45-4:64",
				"/States/A/Next":    "4:74-4:77",
				"/States/B/Seconds": "5:46-5:57",
			},
		}, {
			resource: "aws_sfn_state_machine.flush",
			json:     `{"StartAt":"A","States":{"A":{"Type":"Pass","Comment":"${%if var.x}","End":true}}}`,
			at: map[string]string{
				"/StartAt":          "12:18-12:21",
				"/States/A/Comment": "14:42-14:81",
			},
		}, {
			resource: "aws_sfn_state_machine.quoted",
			json:     `{"StartAt":"A","States":{"A":{"Type":"Succeed","Comment":"tab\there"}}}`,
			at:       map[string]string{"/States/A/Comment": "21:95-21:109"},
			keyAt:    map[string]string{"/States/A/Comment": "21:82-21:93"},
		}},
		// "generated" builds its states with %{ for }: unknown until apply.
	}, {
		name: "templatefile, file and awscc",
		path: "infra/t3.tf",
		text: `resource "aws_sfn_state_machine" "templated" {
  type       = "EXPRESS"
  definition = templatefile("${path.module}/sm.tftpl", { arn = "arn:aws:lambda:us-east-1:123456789012:function:f", n = 3 })
}

resource "aws_sfn_state_machine" "file" {
  definition = file("${path.module}/plain.asl.json")
}

resource "awscc_stepfunctions_state_machine" "cc" {
  state_machine_type = "EXPRESS"
  definition_substitutions = {
    Arn = "arn:aws:lambda:us-east-1:123456789012:function:g"
  }
  definition_string = jsonencode({
    StartAt = "A"
    States  = { A = { Type = "Task", Resource = "$${Arn}", End = true } }
  })
}
`,
		want: []want{{
			path: "infra/sm.tftpl", resource: "aws_sfn_state_machine.templated", machineType: "EXPRESS",
			json: `{"StartAt":"A","States":{
				"A":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","TimeoutSeconds":3,"Next":"B"},
				"B":{"Type":"Pass","Result":"${other}","End":true}}}`,
			at: map[string]string{
				"/States/A/Resource":       "4:39-4:47",
				"/States/A/TimeoutSeconds": "4:67-4:71",
				"/States/B/Result":         "5:37-5:47",
			},
		}, {
			path: "infra/plain.asl.json", resource: "aws_sfn_state_machine.file",
			json: `{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}`,
			at:   map[string]string{"/States/A/Type": "1:43-1:52"},
		}, {
			resource: "awscc_stepfunctions_state_machine.cc", machineType: "EXPRESS",
			json: `{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:g","End":true}}}`,
			at:   map[string]string{"/States/A/Resource": "17:49-17:58", "/States/A/End": "17:66-17:70"},
		}},
	}, {
		name: "errors do not hide the other definitions",
		path: "t4.tf",
		text: `resource "aws_sfn_state_machine" "bad" {
  definition = <<-EOF
    {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}
  EOF
}

resource "aws_sfn_state_machine" "good" {
  definition = jsonencode({ StartAt = "A", States = { A = { Type = "Succeed" } } })
}

resource "aws_sfn_state_machine" "missing" {
  definition = file("nope.json")
}
`,
		err: "t4.tf:3:5: object is not closed",
		want: []want{{
			resource: "aws_sfn_state_machine.good",
			json:     `{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}`,
			at:       map[string]string{"/States/A/Type": "8:68-8:77"},
		}},
	}, {
		name: "a missing file",
		path: "t4.tf",
		text: `resource "aws_sfn_state_machine" "bad" {
  definition = <<-EOF
    {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}
  EOF
}

resource "aws_sfn_state_machine" "good" {
  definition = jsonencode({ StartAt = "A", States = { A = { Type = "Succeed" } } })
}

resource "aws_sfn_state_machine" "missing" {
  definition = file("nope.json")
}
`,
		err: `t4.tf:12:21: cannot read the definition file "nope.json" named by file() of aws_sfn_state_machine.missing: file does not exist`,
		want: []want{{
			resource: "aws_sfn_state_machine.good",
			json:     `{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}`,
		}},
	}, {
		name: "invalid HCL",
		path: "t5.tf",
		text: "resource \"aws_sfn_state_machine\" \"x\" {\n  definition = jsonencode({\n}\n",
		err:  "t5.tf:",
	}})
}
