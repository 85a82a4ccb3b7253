import type { ManPage } from './types.ts';

/** Pages for the heap commands and the inter-process communication demonstrations. */
export const MEMORY_IPC_PAGES: ManPage[] = [
  {
    name: 'free',
    summary: 'display the kernel heap\'s use',
    synopsis: ['free [-bv]'],
    description: [
      'free prints, from the heapinfo system call, the kernel heap that malloc(3)-style syscalls allocate from: its size, the bytes in use (payload, headers and padding), the bytes free, the largest free block, and how many blocks are allocated and free, all in bytes.',
      'When the largest free block is much smaller than the free total, memory is fragmented: a request can fail although enough is free in all (OSTEP chapter 17).',
    ],
    options: [
      ['-b, --bytes', 'sizes in bytes (the only unit)'],
      ['-v', 'also the allocator (design, placement policy, free-list order, coalescing), fragmentation and operation counts'],
    ],
    examples: [
      ['free', 'the heap at a glance'],
      ['alloc fragment & free -v', 'external fragmentation climbs'],
    ],
    seeAlso: ['alloc', 'memtrace', 'df'],
    ostep: [14, 17],
    notes: ['Linux\'s free reports physical memory and swap; Glassbox has no paging behind its processes, so free reports the one heap the kernel manages.'],
  },
  {
    name: 'alloc',
    summary: 'classic malloc and free patterns',
    synopsis: ['alloc leak|fragment|grow|churn|doublefree [N]'],
    description: [
      'alloc runs one pattern of heap calls, a tick of CPU per call, printing each result, to watch in the heap view.',
      'leak allocates N blocks (3) and exits without freeing them: the kernel reclaims them and records the leak. fragment fills the heap with N-byte blocks (64), frees every other one, then asks for more than the largest hole: it fails although much is free. grow doubles one buffer N times (5) with realloc: in place while the block above is free, moved once it is not. churn makes N random calls (30), the same every run. doublefree frees a pointer twice: the second free fails with EINVAL.',
    ],
    options: [],
    examples: [
      ['alloc fragment', 'external fragmentation made visible'],
      ['alloc leak; free', 'the leaked blocks are back in the free list'],
    ],
    seeAlso: ['memtrace', 'free'],
    ostep: [14, 17],
  },
  {
    name: 'memtrace',
    summary: 'replay an allocation trace',
    synopsis: ['memtrace [-f] OPS'],
    description: [
      'memtrace replays a trace through malloc, free and realloc, one operation per tick, and prints each result with how many free-list elements the search examined, and a line of heap figures. OPS is an OSTEP op list (+10 allocates 10 bytes, -0 frees the first pointer) or malloc-lab lines separated by ";" (a 0 10; r 0 40; f 0).',
    ],
    options: [['-f', 'free what is still allocated at the end; without it, it leaks when memtrace exits']],
    examples: [
      ['memtrace +10,+20,-0,+5', 'the example from OSTEP\'s malloc.py'],
      ['memtrace "a 0 10; r 0 40; f 0"', 'malloc, realloc, free'],
    ],
    seeAlso: ['alloc', 'free'],
    ostep: [17],
  },
  {
    name: 'producer',
    summary: 'the producer half of the producer/consumer problem',
    synopsis: ['producer [--via pipe|mq|sem] [--key K] [--slots B] [--work T] [N]'],
    description: [
      'producer makes N items (--work T ticks of CPU each, 2 by default) and hands them to a consumer through a pipe (its standard output, the default), a message queue (--via mq) or a bounded buffer of B slots in shared memory guarded by three semaphores, empty, full and mutex (--via sem), as OSTEP chapter 31 builds it. It narrates each step, and blocks when the buffer is full.',
      'The two sides find a queue or semaphores by the same --key. Either side may start first.',
    ],
    options: [
      ['--via pipe|mq|sem', 'the channel'],
      ['--key K', 'the IPC key both sides use'],
      ['--slots B', 'the bounded buffer\'s size'],
      ['--work T', 'CPU ticks to make each item'],
    ],
    examples: [
      ['producer 20 | consumer', 'through a pipe: the writer blocks when it is full'],
      ['producer --via sem --key 9 20 & consumer --via sem --key 9', 'semaphores in action'],
    ],
    seeAlso: ['consumer', 'ipcs', 'philosophers'],
    ostep: [30, 31],
  },
  {
    name: 'consumer',
    summary: 'the consumer half of the producer/consumer problem',
    synopsis: ['consumer [--via pipe|mq|sem] [--key K] [--slots B] [--work T]'],
    description: [
      'consumer takes the items a producer makes (--work T ticks of CPU each, 3 by default, so the buffer fills and the producer waits), from standard input, a message queue or a bounded buffer, and narrates each step. When it has seen the end it removes the queue, or the semaphores and the segment.',
    ],
    options: [
      ['--via pipe|mq|sem', 'the channel'],
      ['--key K', 'the IPC key both sides use'],
      ['--slots B', 'the bounded buffer\'s size'],
      ['--work T', 'CPU ticks to use each item'],
    ],
    examples: [['producer --via mq --key 7 20 & consumer --via mq --key 7', 'through a message queue']],
    seeAlso: ['producer', 'ipcs', 'ipcrm'],
    ostep: [30, 31],
  },
  {
    name: 'philosophers',
    summary: 'the dining philosophers',
    synopsis: ['philosophers [N] [--ordered] [--rounds R] [--think T] [--eat T]'],
    description: [
      'N processes (5) sit round a table with a fork, a semaphore of value 1, between each pair. Each thinks, takes one fork, gives up the CPU, takes the other, eats and puts both down, R times (3). When each takes the left fork first, all can hold one fork and wait for the next: a cycle in the wait-for graph, a deadlock, which the kernel detects and the program reports (^C ends it and removes the forks). With --ordered each takes the lower-numbered fork first, which breaks the cycle.',
    ],
    options: [
      ['--ordered', 'take the lower-numbered fork first'],
      ['--rounds R', 'meals per philosopher'],
      ['--think T', 'ticks of thinking'],
      ['--eat T', 'ticks of eating'],
    ],
    examples: [
      ['philosophers', 'a deadlock, found and reported'],
      ['philosophers --ordered', 'everyone eats'],
    ],
    seeAlso: ['ipcs', 'producer'],
    ostep: [31, 32],
  },
  {
    name: 'ipcs',
    summary: 'show the IPC objects',
    synopsis: ['ipcs'],
    description: ['ipcs lists the pipes, message queues, semaphores and shared-memory segments, with the processes blocked on each, and any deadlock the kernel has found in the wait-for graph.'],
    options: [],
    examples: [['philosophers & ipcs', 'the forks, who holds them and who waits']],
    seeAlso: ['ipcrm', 'producer', 'philosophers'],
    ostep: [31, 32],
    notes: ['A real ipcs shows neither pipes nor sleepers; they are here because they are what there is to see.'],
  },
  {
    name: 'ipcrm',
    summary: 'remove IPC objects',
    synopsis: ['ipcrm -q ID | -s ID | -m ID ...'],
    description: ['ipcrm removes message queues (-q), semaphores (-s) and shared-memory segments (-m) by id. A process blocked on a removed object wakes up with EIDRM.'],
    options: [
      ['-q ID', 'a message queue'],
      ['-s ID', 'a semaphore'],
      ['-m ID', 'a shared-memory segment'],
    ],
    examples: [['ipcs; ipcrm -s 1', 'remove semaphore 1']],
    seeAlso: ['ipcs'],
    ostep: [31],
  },
  {
    name: 'sigcatch',
    summary: 'catch signals while counting',
    synopsis: ['sigcatch [--sleep] [SIGNAL]...'],
    description: [
      'sigcatch installs a handler for each SIGNAL (INT by default) and counts to ten, a step of CPU work at a time. Each signal runs the handler on top of the interrupted count, which then resumes where it was. With --sleep it sleeps between steps instead, and a signal cuts the sleep short: it fails with EINTR. A third ^C ends it.',
    ],
    options: [['--sleep', 'sleep between steps, so signals interrupt a system call']],
    examples: [
      ['sigcatch', 'press ^C while it counts'],
      ['sigcatch USR1 & kill -USR1 %1', 'a signal from another process'],
    ],
    seeAlso: ['kill'],
    ostep: [5],
  },
];
