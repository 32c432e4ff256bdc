package load

import "github.com/sfnsim/sfnsim/asl"

// cloudFormation extracts AWS::StepFunctions::StateMachine and
// AWS::Serverless::StateMachine definitions from a template.
// TODO(templates): being written; until then templates yield nothing.
func cloudFormation(path string, doc *asl.Document) ([]*Definition, error) { return nil, nil }

// terraform extracts aws_sfn_state_machine definitions from a .tf file.
func terraform(path string, text []byte) ([]*Definition, error) { return nil, nil }
