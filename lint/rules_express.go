package lint

import "github.com/sfnsim/sfnsim/asl"

// Express workflows: what an EXPRESS state machine cannot do. The same
// limits inside the EXPRESS children of a Distributed Map are DMAP005.

var ruleExpressIntegration = register(&Rule{
	ID: "ASL046", Name: "express-integration", Severity: Error, AWSCode: "SCHEMA_VALIDATION_FAILED",
	Summary:     "a Task of an EXPRESS state machine uses .sync, .waitForTaskToken or an activity",
	ExampleType: asl.Express,
	Doc: "Express workflows support only the request-response integration pattern: no run-a-job (.sync, " +
		".sync:2), no callback (.waitForTaskToken) and no activities. AWS rejects such an EXPRESS state " +
		"machine (\"Express state machine does not support '.sync' service integration at " +
		"/States/X/Resource\", likewise '.waitForTaskToken' and 'Activity ARN'). Call the service without the " +
		"suffix, or make the state machine STANDARD. The machine type comes from the template " +
		"(StateMachineType, Type, type) or from `sfnsim lint --type EXPRESS`. A Resource written as a ${…} " +
		"placeholder is not checked.",
	Bad:    `{"StartAt": "Job", "States": {"Job": {"Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun.sync", "Parameters": {"JobName": "etl"}, "End": true}}}`,
	Good:   `{"StartAt": "Job", "States": {"Job": {"Type": "Task", "Resource": "arn:aws:states:::glue:startJobRun", "Parameters": {"JobName": "etl"}, "End": true}}}`,
	Tags:   []string{"correctness", "express"},
	Source: "AWS Step Functions: Choosing workflow type; observed AWS validation messages (distributed-map.md §1.1)",
})

func init() {
	addCheck(check{state: checkExpressIntegration})
}

// checkExpressIntegration reports a Task that runs in the EXPRESS machine
// itself (its top level, a Parallel branch or an inline Map) with an
// integration pattern Express workflows lack.
func checkExpressIntegration(p *Pass, s *asl.State) {
	if p.MachineType != asl.Express || s.Type != "Task" || dmapExpressOwner(s.Scope) != nil ||
		s.Scope.ExecutionType(p.MachineType) != asl.Express {
		return
	}
	res := s.Field("Resource")
	switch pattern := expressUnsupported(res); {
	case pattern == "":
	case pattern == "activity":
		p.Report(ruleExpressIntegration, res,
			"Task %q runs an activity, which an EXPRESS state machine does not support; call a service or Lambda function instead, or make the state machine STANDARD",
			s.Name)
	default:
		p.Report(ruleExpressIntegration, res,
			"Task %q uses the '%s' integration, which an EXPRESS state machine does not support; call the service without '%s', or make the state machine STANDARD",
			s.Name, pattern, pattern)
	}
}
