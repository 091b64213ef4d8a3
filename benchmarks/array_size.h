/* SPDX-License-Identifier: GPL-2.0 */
/* ARRAY_SIZE, as in the kernel and kselftest (which defines it the same way). */
#ifndef LMB_ARRAY_SIZE_H
#define LMB_ARRAY_SIZE_H

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#endif
