"""Independent reference for the SigV4 tests: requests signed by botocore at a fixed time.

Prints a JSON list; each case has the request as it goes on the wire (method, raw path, raw query, headers
including host, base64 body), botocore's own canonical request, and the signature it sent.
"""
import base64, datetime, json, sys
from urllib.parse import urlsplit
import botocore.auth
from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.utils import percent_encode

FIXED = datetime.datetime(2024, 1, 15, 12, 0, 0)
botocore.auth.get_current_datetime = lambda *a, **k: FIXED
HOST = 'bedrock-runtime.us-east-1.amazonaws.com'
KEY = ('AKIDEXAMPLE', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY')

def label(s):
    return percent_encode(s, safe='')  # how botocore encodes a URI label (also '/' and ':')

CASES = [
    # (name, method, path, query, extra headers, body, session token)
    ('converse', 'POST', '/model/' + label('anthropic.claude-3-haiku-20240307-v1:0') + '/converse', '',
     {'Content-Type': 'application/json'}, b'{"messages":[{"role":"user","content":[{"text":"Hello"}]}]}', None),
    ('arn-with-slash', 'POST', '/model/' + label('arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-3-5-sonnet-20241022-v2:0') + '/converse-stream', '',
     {'Content-Type': 'application/json'}, b'{"messages":[]}', None),
    ('invoke-headers', 'POST', '/model/' + label('meta.llama3-8b-instruct-v1:0') + '/invoke', '',
     {'Content-Type': 'application/json', 'Accept': 'application/json', 'X-Amzn-Bedrock-Trace': 'ENABLED',
      'X-Amzn-Bedrock-GuardrailIdentifier': '  guard  rail   id  '}, b'{"prompt":"hi"}', None),
    ('session-token', 'POST', '/model/' + label('amazon.titan-embed-text-v2:0') + '/invoke', '',
     {'Content-Type': 'application/json'}, b'{"inputText":"x"}', 'FQoGZXIvYXdzEXAMPLE//token+with/slashes='),
    ('query-sorted', 'GET', '/foundation-models', 'byProvider=anthropic&byOutputModality=TEXT&byInferenceType=ON_DEMAND',
     {}, b'', None),
    ('query-encoded', 'GET', '/inference-profiles', 'nextToken=' + label('a b/c+d=e~f') + '&maxResults=10&typeEquals=SYSTEM_DEFINED',
     {}, b'', None),
    ('unicode-label', 'POST', '/model/' + label('mödel id:ü') + '/converse', '', {'Content-Type': 'application/json'},
     'ünïcode body ✓'.encode(), None),
    ('empty-body', 'POST', '/model/x/count-tokens', '', {'Content-Type': 'application/json'}, b'', None),
    ('dot-segments', 'GET', '/a/./b/../c//d/', '', {}, b'', None),
    ('repeated-query', 'GET', '/guardrails', 'tag=b&tag=a&tag=a%20b', {}, b'', None),
]

out = []
for name, method, path, query, headers, body, token in CASES:
    creds = Credentials(KEY[0], KEY[1], token)
    url = 'http://' + HOST + path + ('?' + query if query else '')
    req = AWSRequest(method=method, url=url, data=body, headers=dict(headers))
    signer = SigV4Auth(creds, 'bedrock', 'us-east-1')
    signer.add_auth(req)
    sent = dict(req.headers.items())
    auth = sent.pop('Authorization')
    del req.headers['Authorization']  # recompute as a server would, without the signature itself
    canonical = signer.canonical_request(req)
    parts = urlsplit(req.url)
    out.append({
        'name': name, 'method': method, 'path': parts.path, 'query': parts.query,
        'headers': [['host', HOST]] + [[k, v] for k, v in sent.items()] + [['Authorization', auth]],
        'body': base64.b64encode(body).decode(), 'canonical': canonical, 'signature': auth.rsplit('=', 1)[1],
        'form': 'header',
    })

# Presigned URLs (query form), with and without a session token.
for name, token in (('presigned', None), ('presigned-token', 'SESSIONTOKEN/with+chars=')):
    creds = Credentials(KEY[0], KEY[1], token)
    url = 'http://' + HOST + '/model/' + label('anthropic.claude-3-haiku-20240307-v1:0') + '/count-tokens'
    req = AWSRequest(method='GET', url=url, headers={'host': HOST}, params={'extra': 'v a'})
    signer = SigV4QueryAuth(creds, 'bedrock', 'us-east-1', expires=900)
    signer.add_auth(req)
    parts = urlsplit(req.url)
    out.append({
        'name': name, 'method': 'GET', 'path': parts.path, 'query': parts.query, 'headers': [['host', HOST]],
        'body': '', 'canonical': None, 'signature': parts.query.rsplit('X-Amz-Signature=', 1)[1], 'form': 'query',
    })

json.dump(out, sys.stdout)
