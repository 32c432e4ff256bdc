package sdk

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// AttributeValue is a union, so neither encoding/json nor the SDK can map it
// from the JSON Step Functions passes ({"S": "a"}, {"N": "1"} …): the
// converters below spell out each member, both ways.

// avFromJSON converts one AttributeValue as written in a state's Parameters
// into the SDK's union type. path names the value in errors ("Key.pk").
func avFromJSON(path string, v any) (types.AttributeValue, error) {
	m, ok := v.(map[string]any)
	if !ok || len(m) != 1 {
		return nil, fmt.Errorf("%s must be an AttributeValue: an object with exactly one of S, N, B, BOOL, NULL, M, L, SS, NS, BS, such as {\"S\": \"text\"}", path)
	}
	for tag, x := range m {
		switch tag {
		case "S":
			s, ok := x.(string)
			if !ok {
				return nil, fmt.Errorf("%s.S must be a string", path)
			}
			return &types.AttributeValueMemberS{Value: s}, nil
		case "N":
			// DynamoDB numbers travel as strings; a JSON number is accepted
			// too because writing {"N.$": "$.count"} yields one.
			switch n := x.(type) {
			case string:
				return &types.AttributeValueMemberN{Value: n}, nil
			case json.Number:
				return &types.AttributeValueMemberN{Value: n.String()}, nil
			}
			return nil, fmt.Errorf("%s.N must be a number written as a string, such as \"42\"", path)
		case "B":
			b, err := base64Field(path+".B", x)
			if err != nil {
				return nil, err
			}
			return &types.AttributeValueMemberB{Value: b}, nil
		case "BOOL":
			b, ok := x.(bool)
			if !ok {
				return nil, fmt.Errorf("%s.BOOL must be true or false", path)
			}
			return &types.AttributeValueMemberBOOL{Value: b}, nil
		case "NULL":
			b, ok := x.(bool)
			if !ok {
				return nil, fmt.Errorf("%s.NULL must be true", path)
			}
			return &types.AttributeValueMemberNULL{Value: b}, nil
		case "M":
			mm, err := avMapFromJSON(path+".M", x)
			if err != nil {
				return nil, err
			}
			return &types.AttributeValueMemberM{Value: mm}, nil
		case "L":
			l, ok := x.([]any)
			if !ok {
				return nil, fmt.Errorf("%s.L must be an array of AttributeValues", path)
			}
			out := make([]types.AttributeValue, len(l))
			for i, e := range l {
				av, err := avFromJSON(fmt.Sprintf("%s.L[%d]", path, i), e)
				if err != nil {
					return nil, err
				}
				out[i] = av
			}
			return &types.AttributeValueMemberL{Value: out}, nil
		case "SS":
			ss, err := stringList(path+".SS", x)
			if err != nil {
				return nil, err
			}
			return &types.AttributeValueMemberSS{Value: ss}, nil
		case "NS":
			l, ok := x.([]any)
			if !ok {
				return nil, fmt.Errorf("%s.NS must be an array of numbers written as strings", path)
			}
			ns := make([]string, len(l))
			for i, e := range l {
				switch n := e.(type) {
				case string:
					ns[i] = n
				case json.Number:
					ns[i] = n.String()
				default:
					return nil, fmt.Errorf("%s.NS[%d] must be a number written as a string, such as \"42\"", path, i)
				}
			}
			return &types.AttributeValueMemberNS{Value: ns}, nil
		case "BS":
			l, ok := x.([]any)
			if !ok {
				return nil, fmt.Errorf("%s.BS must be an array of base64 strings", path)
			}
			bs := make([][]byte, len(l))
			for i, e := range l {
				b, err := base64Field(fmt.Sprintf("%s.BS[%d]", path, i), e)
				if err != nil {
					return nil, err
				}
				bs[i] = b
			}
			return &types.AttributeValueMemberBS{Value: bs}, nil
		default:
			return nil, fmt.Errorf("%s has the unknown AttributeValue type %q; use one of S, N, B, BOOL, NULL, M, L, SS, NS, BS", path, tag)
		}
	}
	panic("unreachable")
}

// avMapFromJSON converts an item, a key or ExpressionAttributeValues.
func avMapFromJSON(path string, v any) (map[string]types.AttributeValue, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s must be an object of attribute names to AttributeValues, such as {\"pk\": {\"S\": \"a\"}}", path)
	}
	out := make(map[string]types.AttributeValue, len(m))
	// Sorted, so that the first error reported is the same on every run.
	for _, k := range sortedKeys(m) {
		av, err := avFromJSON(path+"."+k, m[k])
		if err != nil {
			return nil, err
		}
		out[k] = av
	}
	return out, nil
}

// avToJSON converts an AttributeValue into the JSON Step Functions returns.
// Binary values are base64 text, as in DynamoDB's own JSON protocol.
func avToJSON(av types.AttributeValue) any {
	switch v := av.(type) {
	case *types.AttributeValueMemberS:
		return map[string]any{"S": v.Value}
	case *types.AttributeValueMemberN:
		return map[string]any{"N": v.Value}
	case *types.AttributeValueMemberB:
		return map[string]any{"B": base64.StdEncoding.EncodeToString(v.Value)}
	case *types.AttributeValueMemberBOOL:
		return map[string]any{"BOOL": v.Value}
	case *types.AttributeValueMemberNULL:
		return map[string]any{"NULL": v.Value}
	case *types.AttributeValueMemberM:
		return map[string]any{"M": avMapToJSON(v.Value)}
	case *types.AttributeValueMemberL:
		l := make([]any, len(v.Value))
		for i, e := range v.Value {
			l[i] = avToJSON(e)
		}
		return map[string]any{"L": l}
	case *types.AttributeValueMemberSS:
		return map[string]any{"SS": stringsToAny(v.Value)}
	case *types.AttributeValueMemberNS:
		return map[string]any{"NS": stringsToAny(v.Value)}
	case *types.AttributeValueMemberBS:
		l := make([]any, len(v.Value))
		for i, b := range v.Value {
			l[i] = base64.StdEncoding.EncodeToString(b)
		}
		return map[string]any{"BS": l}
	}
	// A member added to DynamoDB after this SDK version arrives as
	// UnknownUnionMember: say so rather than dropping the attribute.
	return map[string]any{"UNKNOWN": fmt.Sprintf("%T", av)}
}

func avMapToJSON(m map[string]types.AttributeValue) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = avToJSON(v)
	}
	return out
}

func base64Field(path string, v any) ([]byte, error) {
	s, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("%s must be base64 text", path)
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%s is not valid base64 (%v); encode binary values with standard base64", path, err)
	}
	return b, nil
}

func stringList(path string, v any) ([]string, error) {
	l, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("%s must be an array of strings", path)
	}
	out := make([]string, len(l))
	for i, e := range l {
		s, ok := e.(string)
		if !ok {
			return nil, fmt.Errorf("%s[%d] must be a string", path, i)
		}
		out[i] = s
	}
	return out, nil
}

func stringsToAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
