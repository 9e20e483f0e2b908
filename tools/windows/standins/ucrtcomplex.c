/* The C99 complex functions of ucrtbase.dll, which are unimplemented stubs in Wine 8.
 *
 * numpy 2.x calls them at import. This file is linked, with a module definition that
 * make_ucrtbase_def.py writes, into a ucrtbase.dll for the Wine prefix: these functions are
 * its own, every other export is forwarded to ucrtwine.dll (Wine's own ucrtbase.dll, copied
 * without its "builtin" mark so that Wine loads it as a plain DLL).
 * MSVC passes _Fcomplex/_Dcomplex as structs of two floats/doubles, hence the conversions.
 * Installed into the Wine prefix's system32 only, never into the bundle. */
#include <complex.h>

typedef struct { float v[2]; } fcomplex;   /* _Fcomplex */
typedef struct { double v[2]; } dcomplex;  /* _Dcomplex; long double is double on MSVC */

static inline float _Complex from_f(fcomplex z) { return z.v[0] + z.v[1] * I; }
static inline double _Complex from_d(dcomplex z) { return z.v[0] + z.v[1] * I; }
static inline fcomplex to_f(float _Complex z) { fcomplex r = {{crealf(z), cimagf(z)}}; return r; }
static inline dcomplex to_d(double _Complex z) { dcomplex r = {{creal(z), cimag(z)}}; return r; }

#define EXPORT __declspec(dllexport)
EXPORT float  my_crealf(fcomplex z) { return z.v[0]; }
EXPORT double my_creall(dcomplex z) { return z.v[0]; }
EXPORT double my_cimag(dcomplex z)  { return z.v[1]; }
EXPORT float  my_cimagf(fcomplex z) { return z.v[1]; }
EXPORT double my_cimagl(dcomplex z) { return z.v[1]; }
EXPORT double my_cabs(dcomplex z)   { return cabs(from_d(z)); }
EXPORT float  my_cabsf(fcomplex z)  { return cabsf(from_f(z)); }
EXPORT double my_cabsl(dcomplex z)  { return cabs(from_d(z)); }
EXPORT double my_carg(dcomplex z)   { return carg(from_d(z)); }
EXPORT float  my_cargf(fcomplex z)  { return cargf(from_f(z)); }
EXPORT double my_cargl(dcomplex z)  { return carg(from_d(z)); }

/* f(z) for double, float and "long double" (= double) */
#define UNARY(name) \
    EXPORT dcomplex my_##name(dcomplex z) { return to_d(name(from_d(z))); } \
    EXPORT fcomplex my_##name##f(fcomplex z) { return to_f(name##f(from_f(z))); } \
    EXPORT dcomplex my_##name##l(dcomplex z) { return to_d(name(from_d(z))); }
UNARY(ccos) UNARY(ccosh) UNARY(cexp) UNARY(csin) UNARY(csinh) UNARY(ctan) UNARY(ctanh)

EXPORT dcomplex my_cpow(dcomplex a, dcomplex b)  { return to_d(cpow(from_d(a), from_d(b))); }
EXPORT fcomplex my_cpowf(fcomplex a, fcomplex b) { return to_f(cpowf(from_f(a), from_f(b))); }
EXPORT dcomplex my_cpowl(dcomplex a, dcomplex b) { return to_d(cpow(from_d(a), from_d(b))); }
