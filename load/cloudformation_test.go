package load

import "testing"

// TestCloudFormation: definitions in CloudFormation and SAM templates, with
// the place of some values in the template. Expected places were computed
// from the text, not from the loader.
func TestCloudFormation(t *testing.T) {
	withFiles(t, map[string]string{
		"infra/sm.asl.json":    `{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": "${Bucket}", "End": true}}}`,
		"infra/local.asl.yaml": "StartAt: A\nStates:\n  A: {Type: Succeed}\n",
	})
	runLoadCases(t, []loadCase{{
		name: "yaml Sub literal block with substitutions",
		path: "c1.yaml",
		text: `Resources:
  Queue:
    Type: AWS::SQS::Queue
  Machine:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      StateMachineType: EXPRESS
      DefinitionSubstitutions:
        FnArn: arn:aws:lambda:us-east-1:123456789012:function:f
        Limit: 5
        QueueUrl: !Ref Queue
      DefinitionString: !Sub |
        {
          "StartAt": "A",
          "States": {
            "A": {"Type": "Task", "Resource": "${FnArn}", "Next": "B"},
            "B": {"Type": "Pass", "Parameters": {"n": ${Limit}, "q": "${QueueUrl}", "r": ${Region}}, "Next": "C"},
            "C": {"Type": "Pass", "Result": "${AWS::Partition} ${AWS::Region} ${!Literal}", "End": true}
          }
        }
`,
		want: []want{{
			resource: "Machine", machineType: "EXPRESS",
			json: `{"StartAt":"A","States":{
				"A":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","Next":"B"},
				"B":{"Type":"Pass","Parameters":{"n":5,"q":"${QueueUrl}","r":"${Region}"},"Next":"C"},
				"C":{"Type":"Pass","Result":"aws ${AWS::Region} ${Literal}","End":true}}}`,
			at: map[string]string{
				"/StartAt":               "14:22-14:25",
				"/States/A/Next":         "16:67-16:70",
				"/States/A/Resource":     "16:47-16:57",
				"/States/B/Parameters/n": "17:55-17:63",
				"/States/B/Parameters/q": "17:70-17:83",
				"/States/B/Parameters/r": "17:90-17:99",
				"/States/C/Result":       "18:45-18:91",
			},
		}},
	}, {
		name: "json Fn::Join of escaped pieces (CDK)",
		path: "c2.json",
		text: `{
  "Resources": {
    "M": {
      "Type": "AWS::StepFunctions::StateMachine",
      "Properties": {
        "DefinitionString": {"Fn::Join": ["", [
          "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Task\",\"Resource\":\"arn:",
          {"Ref": "AWS::Partition"},
          ":lambda:",
          {"Ref": "AWS::Region"},
          "\",\"Parameters\":{\"F\":\"",
          {"Fn::GetAtt": ["Fn", "Arn"]},
          "\",\"Note\":\"caf\u00e9 \\\"x\\\"\"},\"Next\":\"B\"},\"B\":{\"Type\":\"Succeed\"}}}"
        ]]}
      }
    }
  }
}
`,
		want: []want{{
			resource: "M",
			json: `{"StartAt":"A","States":{
				"A":{"Type":"Task","Resource":"arn:aws:lambda:${Ref:AWS::Region}","Parameters":{"F":"${GetAtt:Fn.Arn}","Note":"caf\u00e9 \"x\""},"Next":"B"},
				"B":{"Type":"Succeed"}}}`,
			at: map[string]string{
				"/States/A/Resource":        "7:81-11:14",
				"/States/A/Next":            "13:58-13:63",
				"/States/A/Parameters/Note": "13:24-13:47",
				"/States/B/Type":            "13:81-13:92",
			},
		}},
	}, {
		name: "SAM Definition object with intrinsics and substitutions",
		path: "c3.yaml",
		text: `Transform: AWS::Serverless-2016-10-31
Resources:
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties:
      Type: express
      DefinitionSubstitutions:
        Bucket: my-bucket
      Definition:
        StartAt: Invoke
        States:
          Invoke:
            Type: Task
            Resource: !GetAtt Fn.Arn
            Parameters:
              Bucket: ${Bucket}
              Arn: !Sub "arn:${AWS::Partition}:s3:::${Bucket}"
              Joined: {"Fn::Join": ["-", ["a", !Ref Fn]]}
              Other: ${definition_substitution_1}
            Next: Done
          Done:
            Type: Succeed
`,
		want: []want{{
			resource: "Machine", machineType: "EXPRESS",
			json: `{"StartAt":"Invoke","States":{
				"Invoke":{"Type":"Task","Resource":"${GetAtt:Fn.Arn}","Next":"Done",
					"Parameters":{"Bucket":"my-bucket","Arn":"arn:aws:s3:::my-bucket","Joined":"a-${Ref:Fn}","Other":"${definition_substitution_1}"}},
				"Done":{"Type":"Succeed"}}}`,
			at: map[string]string{
				"/StartAt":                         "10:18-10:24",
				"/States/Invoke/Resource":          "14:23-14:37",
				"/States/Invoke/Parameters/Bucket": "16:23-16:32",
				"/States/Invoke/Parameters/Arn":    "17:20-17:63",
				"/States/Invoke/Next":              "20:19-20:23",
			},
		}},
	}, {
		name: "yaml quoted, folded, single-quoted and aliased strings",
		path: "c4.yaml",
		text: `Resources:
  Quoted:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      DefinitionString: "{\"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Pass\", \"Next\": \"B\"}, \"B\": {\"Type\": \"Succeed\"}}}"
  Folded:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      DefinitionString: >
        {"StartAt": "A",
         "States": {"A": {"Type": "Pass", "Next": "B"},
                    "B": {"Type": "Succeed"}}}
  Single:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      DefinitionString: '{"StartAt": "A", "States": {"A": {"Type": "Pass", "Comment": "it''s", "Next": "B"},
        "B": {"Type": "Succeed"}}}'
  Anchored:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      DefinitionString: &def '{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}'
  Aliased:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      DefinitionString: *def
`,
		want: []want{{
			resource: "Quoted",
			json:     `{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Succeed"}}}`,
			at:       map[string]string{"/States/A/Next": "5:98-5:103"},
		}, {
			resource: "Folded",
			json:     `{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Succeed"}}}`,
			at:       map[string]string{"/StartAt": "10:21-10:24", "/States/B/Type": "12:35-12:44"},
		}, {
			resource: "Single",
			json:     `{"StartAt":"A","States":{"A":{"Type":"Pass","Comment":"it's","Next":"B"},"B":{"Type":"Succeed"}}}`,
			at:       map[string]string{"/States/A/Comment": "16:87-16:94", "/States/B/Type": "17:23-17:32"},
		}, {
			resource: "Anchored",
			json:     `{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}`,
			at:       map[string]string{"/States/A/Type": "21:73-21:82"},
		}, {
			// An alias has no text of its own to trace: the place is the
			// alias, approximate.
			resource: "Aliased",
			json:     `{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}`,
			at:       map[string]string{"/States/A": "~25:25-25:29", "/StartAt": "~25:25-25:29"},
		}},
	}, {
		name: "a definition that does not parse does not hide the others",
		path: "c5.yaml",
		text: `Resources:
  Bad:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      DefinitionString: !Sub |
        {
          "StartAt": "A",
          "States": {"A": {"Type": "Succeed"}
        }
  Good:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      Definition:
        StartAt: A
        States:
          A: {Type: Succeed}
  NotObject:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      DefinitionString: '["StartAt"]'
`,
		err: "c5.yaml:6:9: object is not closed",
		want: []want{{
			resource: "Good",
			json:     `{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}`,
			at:       map[string]string{"/States/A/Type": "16:21-16:28"},
		}},
	}, {
		name: "definition files: SAM DefinitionUri and a local DefinitionS3Location",
		path: "infra/template.yaml",
		text: `Resources:
  Uri:
    Type: AWS::Serverless::StateMachine
    Properties:
      Type: EXPRESS
      DefinitionUri: sm.asl.json
      DefinitionSubstitutions: {Bucket: reports}
  S3Location:
    Type: AWS::StepFunctions::StateMachine
    Properties:
      DefinitionS3Location: ./local.asl.yaml
  Remote:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: s3://bucket/sm.asl.json
  InS3:
    Type: AWS::Serverless::StateMachine
    Properties:
      DefinitionUri: {Bucket: b, Key: k}
`,
		want: []want{{
			path: "infra/sm.asl.json", resource: "Uri", machineType: "EXPRESS",
			json: `{"StartAt":"A","States":{"A":{"Type":"Pass","Result":"reports","End":true}}}`,
			at:   map[string]string{"/States/A/Result": "1:61-1:72"},
		}, {
			path: "infra/local.asl.yaml", resource: "S3Location",
			json: `{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}`,
			at:   map[string]string{"/States/A/Type": "3:13-3:20"},
		}},
	}, {
		name: "a missing definition file is reported at its name",
		path: "infra/template.json",
		text: `{"Resources": {"M": {"Type": "AWS::Serverless::StateMachine", "Properties": {"DefinitionUri": "missing.json"}}}}`,
		err:  `infra/template.json:1:95: cannot read the definition file "missing.json" named by DefinitionUri of M: file does not exist`,
	}, {
		name: "Fn::Sub with a variable map, Fn::Join with a delimiter",
		path: "c6.json",
		text: `{"Resources": {
  "Sub": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"DefinitionString": {"Fn::Sub": [
    "{\"StartAt\": \"${First}\", \"States\": {\"${First}\": {\"Type\": \"Task\", \"Resource\": \"${Fn}\", \"End\": true}}}",
    {"First": "Begin", "Fn": {"Fn::GetAtt": ["Worker", "Arn"]}}]}}},
  "Join": {"Type": "AWS::StepFunctions::StateMachine", "Properties": {"DefinitionString": {"Fn::Join": ["\n", [
    "{\"StartAt\": \"A\",",
    " \"States\": {\"A\": {\"Type\": \"Succeed\"}}}"]]}}}
}}`,
		want: []want{{
			resource: "Sub",
			json:     `{"StartAt":"Begin","States":{"Begin":{"Type":"Task","Resource":"${GetAtt:Worker.Arn}","End":true}}}`,
			at:       map[string]string{"/StartAt": "3:20-3:32", "/States/Begin/End": "3:116-3:120"},
		}, {
			resource: "Join",
			json:     `{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}`,
			at:       map[string]string{"/States/A/Type": "7:38-7:49"},
		}},
	}})
}
