// The grammar of mmuscript (.mmu). Line-oriented: statements end at a newline or ';'.
// Parser rules camelCase, lexer rules UPPER_CASE, a #label on every alternative, no actions.
grammar Mmu;

script
    : sep* (statement (sep+ statement)*)? sep* EOF
    ;

sep : NL | ';' ;

statement
    : 'semantics' name=ID                                                     # semanticsStmt
    | 'set' knob=ID '=' value=knobValue                                       # setStmt
    | 'include' path=STRING                                                   # includeStmt
    | 'process' name=ID                                                       # processStmt
    | 'file' name=ID 'pages' count=numeric                                    # fileStmt
    | 'mmap' proc=ID range prot=ID (backing=ID | 'file' file=ID 'offset' offset=numeric)
        share=('private' | 'shared')? nonlinear='nonlinear'?                   # mmapStmt
    | 'munmap' proc=ID range                                                  # munmapStmt
    | 'mprotect' proc=ID range prot=ID                                        # mprotectStmt
    | 'touch' proc=ID range access=('read' | 'write')?                        # touchStmt
    | 'write' proc=ID addr=numeric '=' value=expr onCpu?                      # writeStmt
    | 'read' proc=ID addr=numeric onCpu?                                      # readStmt
    | 'zap' proc=ID range                                                     # zapStmt
    | 'madvise' proc=ID range advice=ID                                       # madviseStmt
    | 'oom_reap' proc=ID                                                      # oomReapStmt
    | 'exit' proc=ID                                                          # exitStmt
    | 'fork' proc=ID 'as' child=ID                                            # forkStmt
    | 'mremap' proc=ID range 'to' dest=numeric                                # mremapStmt
    | 'reclaim' proc=ID range                                                 # reclaimStmt
    | 'age' proc=ID range                                                     # ageStmt
    | 'migrate' proc=ID range                                                 # migrateStmt
    | 'writeback' file=ID                                                     # writebackStmt
    | 'ksm_merge' proc=ID addr=numeric 'with' other=numeric                   # ksmMergeStmt
    | 'remap_file_pages' proc=ID range 'pgoff' pgoff=numeric                  # remapFilePagesStmt
    | 'gup' proc=ID range write='write'? 'as' pin=ID                          # gupStmt
    | 'unpin' pin=ID                                                          # unpinStmt
    | 'attach' driver=ID 'to' proc=ID 'as' inst=ID                            # attachStmt
    | 'detach' inst=ID                                                        # detachStmt
    | inst=ID 'fault' addr=numeric write='write'?                             # deviceFaultStmt
    | inst=ID 'read' addr=numeric                                             # deviceReadStmt
    | inst=ID 'write' addr=numeric '=' value=expr                             # deviceWriteStmt
    | 'notifier' name=ID 'on' proc=ID driverBody                              # notifierStmt
    | 'driver' name=ID driverBody                                             # driverStmt
    | 'profile' name=ID ('extends' parent=ID)? profileBody                    # profileStmt
    | 'assert' 'coherent' inst=ID? semCond?                                   # assertCoherentStmt
    | 'assert' cond=expr semCond?                                             # assertStmt
    | 'expect' what=('violation' | 'warning') kind=ID semCond?                # expectStmt
    | 'expect' what=('violation' | 'warning') kind=ID violationScope semCond? # scopedExpectStmt
    | 'requires' 'semantics' semSel (',' semSel)*                             # requiresStmt
    | 'show' what=ID                                                          # showStmt
    | 'thread' name=ID threadBody                                             # threadStmt
    | 'run' runPart (',' runPart)*                                            # runStmt
    | 'explore' threads+=ID (',' threads+=ID)* (bound=ID max=numeric)?       # exploreStmt
    | 'def' name=ID '(' (params+=ID (',' params+=ID)*)? ')' block             # defStmt
    | 'repeat' count=numeric block                                            # repeatStmt
    | 'for' var=ID 'in' range ('step' step=numeric)? block                    # forStmt
    | fn=ID '(' (args+=expr (',' args+=expr)*)? ')'                           # callStmt
    ;

// The body of a def or a loop: top-level statements, expanded by the front end before anything runs.
block
    : '{' sep* (statement (sep+ statement)*)? sep* '}'
    ;

// A thread's statements run only when a 'run' names the thread.
threadBody
    : '{' sep* (statement (sep+ statement)*)? sep* '}'
    ;

// 'run T' runs T to its end (or until it blocks); 'run T until STEP' until it has completed STEP.
runPart
    : thread=ID ('until' step=stepName)?
    ;

// A step name: dotted words (keywords too: guest.fault.gup, zap.range_start), and a number for the n-th of a kind.
stepName
    : stepWord ('.' stepWord)*
    ;

stepWord : ~(NL | ';' | ',' | '.' | '{' | '}') ;

// Addresses and counts of top-level statements are numbers, or (in a def or loop body) a parameter or loop
// variable, or arithmetic in parentheses; handlers may compute them (handlerRange).
range
    : lo=numeric ('..' hi=numeric | 'pages' count=numeric)?
    ;

numeric
    : number            # numberNumeric
    | ID                                                                      # nameNumeric
    | '(' expr ')'                                                            # exprNumeric
    ;

handlerRange
    : lo=atom ('..' hi=atom | 'pages' count=atom)?
    ;

onCpu : 'on' 'cpu' cpu=numeric ;

semCond
    : 'if' 'semantics' semSel (',' semSel)*
    ;

// Which violations of a kind an expect covers: those of one MMU (a device, a pin, cpuN), at one page, found
// by the statement on one line of the script.
violationScope
    : 'on' mmu=ID ('at' addr=number)? atLine?                                 # onScope
    | 'at' addr=number atLine?                                                # atScope
    | atLine                                                                  # lineScope
    ;

atLine : 'at' 'line' line=number ;

semSel
    : from=ID (dots='..' to=ID?)?
    ;

knobValue
    : (ID | 'all') # idKnob
    | number                                                                  # numberKnob
    | STRING                                                                  # stringKnob
    ;

profileBody
    : '{' sep* (knobSetting (sep+ knobSetting)*)? sep* '}'
    ;

knobSetting
    : knob=ID '=' value=knobValue
    ;

driverBody
    : '{' sep* (member (sep+ member)*)? sep* '}'
    ;

member
    : 'var' name=ID ('=' init=expr)?                                          # varMember
    | kind=('spinlock' | 'mutex') name=ID                                     # lockMember
    | 'flags' names+=ID (',' names+=ID)*                                      # flagsMember
    | 'requires' 'semantics' semSel (',' semSel)*                             # requiresMember
    | 'on' callback=(ID | 'fault') ('when' cond=expr)? handlerBlock           # onMember
    ;

handlerBlock
    : '{' sep* (handlerStatement (sep+ handlerStatement)*)? sep* '}'
    ;

handlerStatement
    : target=varRef op=('=' | '+=' | '-=') value=expr                         # assignStmt
    | 'let' name=ID '=' value=expr                                            # letStmt
    | 'if' cond=expr then=handlerBlock ('else' (otherwise=handlerBlock | elseIf=handlerStatement))?  # ifStmt
    | 'return' eagain='EAGAIN'?                                               # returnStmt
    | 'retry'                                                                 # retryStmt
    | 'lock' name=ID                                                          # lockStmt
    | 'unlock' name=ID                                                        # unlockStmt
    | 'unmap' (all='all' | handlerRange) put='put'?                           # unmapStmt
    | 'map' addr=atom 'to' page=ID                                            # mapStmt
    | 'gup' addr=atom write='write'? 'as' page=ID                             # handlerGupStmt
    | 'put' page=ID                                                           # putStmt
    | 'walk' addr=atom write='write'? 'as' page=ID                            # walkStmt
    | 'sleep'                                                                 # sleepStmt
    ;

varRef : (obj=ID '.')? name=ID ;

atom
    : number            # numberAtom
    | ID                                                                      # nameAtom
    | '(' expr ')'                                                            # parenAtom
    ;

expr
    : '(' expr ')'                                        # parenExpr
    | number                                                                  # numberExpr
    | obj=ID '.' field=ID                                                     # fieldExpr
    | obj=ID '[' addr=expr ']'                                                # memoryExpr
    | fn=ID '(' (args+=expr (',' args+=expr)*)? ')'                           # callExpr
    | name=(ID | 'write')                                                     # nameExpr
    | op=('!' | '-') expr                                                     # unaryExpr
    | left=expr op=('*' | '/' | '%') right=expr                               # mulExpr
    | left=expr op=('+' | '-') right=expr                                     # addExpr
    | left=expr op=('==' | '!=' | '<' | '<=' | '>' | '>=') right=expr         # compareExpr
    | left=expr op='&&' right=expr                                            # andExpr
    | left=expr op='||' right=expr                                            # orExpr
    ;

number : HEX | DEC ;

HEX     : '0' [xX] [0-9a-fA-F] [0-9a-fA-F_]* ;
DEC     : [0-9] [0-9_]* ;
// Names may contain dashes (profile names such as linux-4.13-rc5, violation kinds such as
// stale-shadow); a dot is part of a name only inside a dashed segment, so A.active is a field.
ID      : [a-zA-Z_] [a-zA-Z0-9_]* ('-' [a-zA-Z0-9_]+ ('.' [a-zA-Z0-9_]+)*)* ;
STRING  : '"' (~["\\\r\n] | '\\' .)* '"' ;
COMMENT : '#' ~[\r\n]* -> skip ;
NL      : '\r'? '\n' ;
WS      : [ \t]+ -> skip ;
OTHER   : . ;
