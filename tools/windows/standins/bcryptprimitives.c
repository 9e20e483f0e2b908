/* Stand-in for bcryptprimitives!ProcessPrng (Windows 10 and later; Wine 8 lacks it).
 *
 * Rust's standard library takes its random numbers from it, so the Rust-built extensions in the
 * bundle (cryptography's _rust.pyd, python-calamine) import it. It fills the buffer from
 * RtlGenRandom (advapi32!SystemFunction036), the system generator Wine does implement.
 * Installed into the Wine prefix's system32 only, never into the bundle. */
#include <windows.h>

BOOLEAN NTAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length) {
        ULONG n = length > 0x40000000 ? 0x40000000 : (ULONG)length;  /* ULONG-sized pieces */
        if (!SystemFunction036(data, n))
            return FALSE;
        data += n;
        length -= n;
    }
    return TRUE;
}
