package tern

import (
	"context"
	"net/http"
)

// param is one bound path parameter.
type param struct {
	name  string
	value string
}

// params holds the parameters bound by a match, in pattern order.
type params []param

func (ps params) get(name string) string {
	for _, p := range ps {
		if p.name == name {
			return p.value
		}
	}
	return ""
}

type paramsKey struct{}

// withParams returns req with ps in its context, or req itself when there
// are none.
func withParams(req *http.Request, ps params) *http.Request {
	if len(ps) == 0 {
		return req
	}
	ctx := context.WithValue(req.Context(), paramsKey{}, ps)
	return req.WithContext(ctx)
}

// Param returns the value bound to the named parameter of the matched
// pattern: Param(r, "id") for "/users/{id}". It returns "" when the pattern
// has no such parameter.
func Param(r *http.Request, name string) string {
	ps, _ := r.Context().Value(paramsKey{}).(params)
	return ps.get(name)
}

// Params returns every bound parameter as name/value pairs, in pattern order.
func Params(r *http.Request) [][2]string {
	ps, _ := r.Context().Value(paramsKey{}).(params)
	out := make([][2]string, len(ps))
	for i, p := range ps {
		out[i] = [2]string{p.name, p.value}
	}
	return out
}
