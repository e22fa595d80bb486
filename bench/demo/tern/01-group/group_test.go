package tern

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestGroupMiddleware(t *testing.T) {
	r := New()
	var trail []string
	mark := func(name string) Middleware {
		return func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
				trail = append(trail, name)
				next.ServeHTTP(w, req)
			})
		}
	}
	r.Use(mark("root"))
	api := r.Group("/api", mark("api"))
	api.Get("/orders", ok)
	r.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/api/orders", nil))
	if len(trail) != 2 || trail[0] != "root" || trail[1] != "api" {
		t.Fatalf("middleware ran as %v, want [root api]", trail)
	}
}
