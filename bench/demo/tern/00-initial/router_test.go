package tern

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestMatchPrecedence(t *testing.T) {
	r := New()
	var got string
	record := func(name string) http.HandlerFunc {
		return func(w http.ResponseWriter, req *http.Request) { got = name + ":" + Param(req, "id") + Param(req, "rest") }
	}
	r.Get("/users/new", record("static"))
	r.Get("/users/{id}", record("param"))
	r.Get("/users/{rest...}", record("catchall"))
	for _, tc := range []struct{ path, want string }{
		{"/users/new", "static:"},
		{"/users/42", "param:42"},
		{"/users/42/orders", "catchall:42/orders"},
	} {
		got = ""
		r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, tc.path, nil))
		if got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.path, got, tc.want)
		}
	}
}

func TestDuplicateRoutePanics(t *testing.T) {
	r := New()
	r.Get("/a", ok)
	defer func() {
		if recover() == nil {
			t.Fatal("no panic on duplicate route")
		}
	}()
	r.Get("/a", ok)
}
