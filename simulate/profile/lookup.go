package profile

// TaskFor returns the Task listed under the state's name, else under its
// resource, else nil (the caller then uses DefaultTask). A state's own
// entry wins because it is the more specific: several states often call the
// same function with different inputs.
//
// A listed Task that did not name a pool draws from the lambda pool when
// resource is a Lambda one, as an unlisted Lambda Task would.
func (p *Profile) TaskFor(state, resource string) *Task {
	t := p.Tasks[state]
	if t == nil {
		t = p.Tasks[resource]
	}
	if t == nil {
		return nil
	}
	if t.lambdaPool != nil && IsLambda(resource) {
		return t.lambdaPool
	}
	return t
}
